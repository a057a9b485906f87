package dev.pushwire.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pushwire.server.internal.ServerSettings;
import org.junit.jupiter.api.Test;

/** maxConnections follows the process's descriptor limit unless set. */
class CapacityTest {
    @Test
    void keepsBackTenPercentOrAtLeast256Descriptors() {
        assertThat(Capacity.defaultMaxConnections(20_000)).isEqualTo(18_000);
        assertThat(Capacity.defaultMaxConnections(1_048_576)).isEqualTo(943_719);
        assertThat(Capacity.defaultMaxConnections(1024)).isEqualTo(768);
        assertThat(Capacity.defaultMaxConnections(100)).isEqualTo(1);
        assertThat(Capacity.defaultMaxConnections(-1)).as("limit unknown").isEqualTo(10_000);
    }

    @Test
    void theServerDefaultIsTheProcesssLimitLessTheReserveAndASetValueWins() {
        long fds = Capacity.fileDescriptorLimit();
        assertThat(fds).as("a Unix JVM reports its descriptor limit").isPositive();
        ServerSettings byDefault = new ServerSettings(new ServerSettings.Values());
        assertThat(byDefault.maxConnections()).isEqualTo(Capacity.defaultMaxConnections(fds));
        assertThat(byDefault.maxConnectionsFromFdLimit()).isTrue();
        ServerSettings.Values set = new ServerSettings.Values();
        set.maxConnections = 42;
        assertThat(new ServerSettings(set).maxConnections()).isEqualTo(42);
    }
}
