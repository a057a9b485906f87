package dev.pushwire.server.internal.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Trusted-proxy entries are checked when configured, with a message saying what to write. */
class ClientAddressTest {
    @Test
    void refusesEntriesThatAreNotAddressesOrBlocksWithoutAskingDns() {
        assertThatThrownBy(() -> new ClientAddress(List.of("proxy.internal")))
                .hasMessageContaining("is not an IP address or CIDR block");
        assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33")))
                .hasMessageContaining("prefix length must be 0-32");
        new ClientAddress(List.of("10.0.0.0/8", "::1", "fd00::/8", "192.168.1.7"));
    }
}
