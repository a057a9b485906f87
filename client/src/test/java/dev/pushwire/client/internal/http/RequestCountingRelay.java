package dev.pushwire.client.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP relay to a server that counts the HTTP/1.1 POST requests passing through it (the request lines
 * {@code POST /} in what clients send), so a test sees how many requests a client made on the wire.
 */
final class RequestCountingRelay implements AutoCloseable {
    private static final byte[] POST = "POST /".getBytes(StandardCharsets.US_ASCII);
    private final ServerSocket listener;
    private final int targetPort;
    private final AtomicInteger posts = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    RequestCountingRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** POST requests seen so far. */
    int posts() {
        return posts.get();
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(server);
                daemon(() -> copy(client, server, true));
                daemon(() -> copy(server, client, false));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void copy(Socket from, Socket to, boolean count) {
        byte[] buf = new byte[16 * 1024];
        int matched = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (count) {
                    for (int i = 0; i < n; i++) {
                        matched = buf[i] == POST[matched] ? matched + 1 : (buf[i] == POST[0] ? 1 : 0);
                        if (matched == POST.length) {
                            posts.incrementAndGet();
                            matched = 0;
                        }
                    }
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "counting-relay");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(RequestCountingRelay::closeQuietly);
    }
}
