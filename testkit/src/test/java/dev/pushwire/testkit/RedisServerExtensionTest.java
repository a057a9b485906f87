package dev.pushwire.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * {@link RedisServerExtension} runs sample test classes (in this JVM, through JUnit's launcher): static
 * registration gives the class one Redis, there from {@code @BeforeAll} on and stopped after the class; an instance
 * field gives each test a fresh one, append-only where the test asks.
 */
class RedisServerExtensionTest {
    /** What the sample classes saw, in order; cleared before each run. */
    static final List<RedisServer> SEEN = new CopyOnWriteArrayList<>();
    static final List<String> APPEND_ONLY = new CopyOnWriteArrayList<>();

    @BeforeEach
    void needsRedis() {
        ExternalTool.REDIS_SERVER.require(); // fails under CI, skips elsewhere, as the samples would
        SEEN.clear();
        APPEND_ONLY.clear();
    }

    @Test
    void aStaticExtensionRunsOneRedisForTheWholeClassAndStopsItAfterwards() {
        TestExecutionSummary summary = run(OnePerClass.class);
        assertThat(summary.getTestsSucceededCount()).as(failures(summary)).isEqualTo(2);
        assertThat(summary.getTotalFailureCount()).as(failures(summary)).isZero();
        assertThat(SEEN).hasSize(3); // @BeforeAll, then each test
        assertThat(SEEN).allSatisfy(s -> assertThat(s).isSameAs(SEEN.get(0)));
        assertThat(SEEN.get(0).isAlive()).isFalse();
        assertThat(Loopback.accepts(SEEN.get(0).port())).isFalse();
    }

    @Test
    void anInstanceFieldRunsAFreshRedisForEachTestAppendOnlyWhereAsked() {
        TestExecutionSummary summary = run(OnePerTest.class);
        assertThat(summary.getTestsSucceededCount()).as(failures(summary)).isEqualTo(2);
        assertThat(summary.getTotalFailureCount()).as(failures(summary)).isZero();
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0)).isNotSameAs(SEEN.get(1));
        assertThat(SEEN).noneMatch(RedisServer::isAlive);
        assertThat(APPEND_ONLY).containsExactlyInAnyOrder("plain:no", "appendOnly:yes");
    }

    @Test
    void appendOnlyOnATestOfAPerClassRedisFailsThatTestSayingWhy() {
        TestExecutionSummary summary = run(AppendOnlyOnPerClass.class);
        assertThat(summary.getTotalFailureCount()).isEqualTo(1);
        assertThat(summary.getFailures().get(0).getException()).hasMessageContaining("needs a Redis per test");
        assertThat(SEEN).hasSize(1).noneMatch(RedisServer::isAlive);
    }

    private static TestExecutionSummary run(Class<?> sample) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(sample))
                .build(), listener);
        return listener.getSummary();
    }

    private static String failures(TestExecutionSummary summary) {
        StringBuilder out = new StringBuilder();
        summary.getFailures().forEach(f -> out.append(f.getTestIdentifier().getDisplayName()).append(": ")
                .append(f.getException()).append('\n'));
        return out.toString();
    }

    /** {@code CONFIG GET appendonly}'s answer ("yes" or "no"), in Redis's plain-text protocol. */
    static String appendOnlySetting(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("CONFIG GET appendonly\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            StringBuilder answer = new StringBuilder();
            // *2 $10 appendonly $N value: five lines
            while (answer.chars().filter(c -> c == '\n').count() < 5) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                answer.append((char) c);
            }
            String[] lines = answer.toString().split("\r\n");
            return lines[lines.length - 1];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static class OnePerClass {
        @RegisterExtension
        static final RedisServerExtension redis = new RedisServerExtension();

        @BeforeAll
        static void seenInBeforeAll() {
            SEEN.add(redis.server());
        }

        @Test
        void first() {
            SEEN.add(redis.server());
            assertThat(Loopback.accepts(redis.port())).isTrue();
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
        }

        @Test
        void second() {
            SEEN.add(redis.server());
            assertThat(redis.server().isAlive()).isTrue();
        }
    }

    static class OnePerTest {
        @RegisterExtension
        final RedisServerExtension redis = new RedisServerExtension();

        @Test
        void plain() {
            SEEN.add(redis.server());
            APPEND_ONLY.add("plain:" + appendOnlySetting(redis.port()));
        }

        @Test
        @RedisServerExtension.AppendOnly
        void appendOnly() {
            SEEN.add(redis.server());
            APPEND_ONLY.add("appendOnly:" + RedisServerExtensionTest.appendOnlySetting(redis.port()));
        }
    }

    static class AppendOnlyOnPerClass {
        @RegisterExtension
        static final RedisServerExtension redis = new RedisServerExtension();

        @BeforeAll
        static void seenInBeforeAll() {
            SEEN.add(redis.server());
        }

        @Test
        @RedisServerExtension.AppendOnly
        void wantsItsOwn() {
        }
    }
}
