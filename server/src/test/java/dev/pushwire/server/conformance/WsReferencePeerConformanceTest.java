package dev.pushwire.server.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * Every conformance case run against Node's {@code ws} 8.23 (testkit/node) instead of Pushwire: proves that the
 * cases, and the raw client under them, agree with a widely used implementation, so that a case Pushwire fails is
 * Pushwire's fault. Cases on what only Pushwire promises ({@link EchoTarget.Promise}) are skipped here.
 */
@DisplayName("conformance cases against the ws reference peer")
class WsReferencePeerConformanceTest {

    private static EchoTarget ws(boolean deflate) {
        return NodeWsEchoTarget.start(deflate);
    }

    @Nested
    class Framing extends FramingConformanceTest {
        @Override
        EchoTarget newTarget(boolean deflate) {
            return ws(deflate);
        }
    }

    @Nested
    class PingPong extends PingPongConformanceTest {
        @Override
        EchoTarget newTarget(boolean deflate) {
            return ws(deflate);
        }
    }

    @Nested
    class ReservedBitsAndOpcodes extends ReservedBitsAndOpcodesConformanceTest {
        @Override
        EchoTarget newTarget(boolean deflate) {
            return ws(deflate);
        }
    }

    @Nested
    class Fragmentation extends FragmentationConformanceTest {
        @Override
        EchoTarget newTarget(boolean deflate) {
            return ws(deflate);
        }
    }

    @Nested
    class Utf8 extends Utf8ConformanceTest {
        @Override
        EchoTarget newTarget(boolean deflate) {
            return ws(deflate);
        }
    }

    @Nested
    class Close extends CloseConformanceTest {
        @Override
        EchoTarget newTarget(boolean deflate) {
            return ws(deflate);
        }
    }

    @Nested
    class Limits extends LimitsConformanceTest {
        @Override
        EchoTarget newTarget(boolean deflate) {
            return ws(deflate);
        }
    }

    @Nested
    class Handshake extends HandshakeConformanceTest {
        @Override
        EchoTarget newTarget(boolean deflate) {
            return ws(deflate);
        }
    }

    @Nested
    class Deflate extends DeflateConformanceTest {
        @Override
        EchoTarget newTarget(boolean deflate) {
            return ws(deflate);
        }
    }
}
