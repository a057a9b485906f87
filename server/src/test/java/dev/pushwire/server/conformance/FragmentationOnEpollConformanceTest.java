package dev.pushwire.server.conformance;

import dev.pushwire.server.IoTransport;

/**
 * The fragmentation cases again with the server on epoll: the default ({@code auto}) serves them on io_uring where the
 * kernel has it, and a protocol rule must hold on whichever transport a server picks.
 */
class FragmentationOnEpollConformanceTest extends FragmentationConformanceTest {
    @Override
    EchoTarget newTarget(boolean deflate) {
        return PushwireEchoTarget.start(deflate, IoTransport.EPOLL);
    }
}
