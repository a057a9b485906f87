package dev.pushwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The repository's copies of the seed's programs are the seed's programs, byte for byte. */
class SeedCopiesTest {

    @Test
    void everyCopyEqualsTheSeedsOriginalWhereTheOriginalIsAtHand() throws Exception {
        Optional<Path> origin = SeedFiles.origin();
        assumeTrue(origin.isPresent(), "PUSHWIRE_SEED_ORIGIN is not set: no original to compare the copies with");
        for (String name : SeedFiles.NAMES) {
            assertThat(Files.readAllBytes(SeedFiles.file(name))).as(name + " in app/src/test/resources/seed")
                    .isEqualTo(Files.readAllBytes(origin.get().resolve(name)));
        }
    }
}
