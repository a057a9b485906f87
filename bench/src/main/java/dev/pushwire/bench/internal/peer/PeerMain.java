package dev.pushwire.bench.internal.peer;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * The entry point of a Java peer process: {@code PeerMain KIND PORT}. Prints {@code READY <port> <description>}
 * on stdout once serving, then serves until stdin closes or the process gets SIGTERM. A line {@code gc} on stdin
 * runs a full garbage collection and answers {@code GC-DONE} (the harness does this before reading memory).
 */
public final class PeerMain {
    private PeerMain() {
    }

    /** Runs one peer server until told to stop. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: PeerMain netty|vertx|jetty|pushwire PORT");
            System.exit(2);
        }
        PeerServer peer = create(args[0]);
        int port = Integer.parseInt(args[1]);
        peer.start(port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                peer.stop();
            } catch (Exception e) {
                System.err.println("stop failed: " + e);
            }
            stopped.countDown();
        }, "peer-stop"));
        System.out.println("READY " + port + " " + peer.description());
        System.out.flush();
        try (java.io.BufferedReader in = new java.io.BufferedReader(
                new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) { // EOF means stop
                if (line.trim().equals("gc")) {
                    System.gc();
                    System.out.println("GC-DONE");
                    System.out.flush();
                }
            }
        } catch (IOException e) {
            // treat like EOF
        }
        System.exit(0);
    }

    /** The peer server named {@code kind}; Pushwire's is looked up by name so the module builds without it. */
    static PeerServer create(String kind) throws ReflectiveOperationException {
        return switch (kind) {
            case "netty" -> new RawNettyPeer();
            case "vertx" -> new VertxPeer();
            case "jetty" -> new JettyPeer();
            case "pushwire" -> (PeerServer) Class.forName(PeerMain.class.getPackageName() + ".PushwirePeer")
                    .getDeclaredConstructor(String.class).newInstance((String) null);
            case "pushwire-epoll" -> (PeerServer) Class.forName(PeerMain.class.getPackageName() + ".PushwirePeer")
                    .getDeclaredConstructor(String.class).newInstance("epoll");
            default -> throw new IllegalArgumentException("unknown peer " + kind);
        };
    }
}
