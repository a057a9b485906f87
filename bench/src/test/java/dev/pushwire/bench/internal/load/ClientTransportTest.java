package dev.pushwire.bench.internal.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.Test;

/** The names `bench ws --client-transport` takes. */
class ClientTransportTest {
    @Test
    void autoTakesIoUringForTheEchoesWhereTheKernelHasItAndEpollForManyConnections() {
        ClientTransport auto = ClientTransport.parse("auto");
        assertThat(auto.resolve(false)).isEqualTo(IoUring.isAvailable() ? ClientTransport.IO_URING : ClientTransport.EPOLL);
        assertThat(auto.resolve(true)).isEqualTo(ClientTransport.EPOLL);
        assertThat(auto.describe()).isEqualTo("auto (echo: " + auto.resolve(false).id() + "; broadcast and idle: epoll)");
    }

    @Test
    void aNamedTransportIsUsedForEveryScenario() {
        assertThat(ClientTransport.parse("epoll").resolve(false)).isEqualTo(ClientTransport.EPOLL);
        assertThat(ClientTransport.parse("epoll").describe()).isEqualTo("epoll");
        if (IoUring.isAvailable()) {
            assertThat(ClientTransport.parse("io_uring").resolve(true)).isEqualTo(ClientTransport.IO_URING);
        }
    }

    @Test
    void namesAreThoseOfTheServersIoTransport() {
        assertThat(ClientTransport.parse("epoll")).isEqualTo(ClientTransport.EPOLL);
        assertThat(ClientTransport.parse(" EPOLL ").id()).isEqualTo("epoll");
        if (IoUring.isAvailable()) {
            assertThat(ClientTransport.parse("io-uring")).isEqualTo(ClientTransport.IO_URING);
            assertThat(ClientTransport.parse("io_uring").id()).isEqualTo("io_uring");
        }
    }

    @Test
    void anUnknownNameIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> ClientTransport.parse("nio"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auto, io_uring or epoll");
    }
}
