package dev.pushwire.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay between a client and a server that breaks some connections on purpose: after a random number of
 * bytes in one direction it forwards only part of a read and then resets (RST) or closes (FIN) both sides. So
 * responses are cut mid-body, requests are cut mid-upload, and keep-alive connections die under the client.
 * Half of the connections live longer (kilobytes) before they die, so traffic always makes progress.
 * The plan per connection is deterministic per seed (the timing of reads is not).
 */
public final class FaultyRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Random random;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile boolean closed;
    /** False for a relay that never cuts: a plug that {@link #close()} pulls. */
    private volatile boolean cutting = true;

    /** Starts relaying a free loopback port to {@code targetPort} on loopback. */
    public FaultyRelay(int targetPort, long seed) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.random = new Random(seed);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "relay-accept");
        t.setDaemon(true);
        t.start();
    }

    /**
     * A relay that never cuts anything: {@link #close()} is then a pulled plug (every connection dropped, the port
     * refusing), as a crashed server looks to a proxy in front of it.
     */
    public static FaultyRelay plug(int targetPort) throws IOException {
        FaultyRelay r = new FaultyRelay(targetPort, 0);
        r.cutting = false;
        return r;
    }

    /** The port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(target.getAddress(), target.getPort());
                sockets.add(client);
                sockets.add(server);
                connections.incrementAndGet();
                long upBudget = Long.MAX_VALUE;
                long downBudget = Long.MAX_VALUE;
                boolean reset;
                synchronized (random) {
                    if (!cutting) {
                        pump(client, server, Long.MAX_VALUE, false, "up");
                        pump(server, client, Long.MAX_VALUE, false, "down");
                        continue;
                    }
                    int plan = random.nextInt(4);
                    if (plan == 1) {
                        downBudget = 50 + random.nextInt(8_000);
                    } else if (plan == 2) {
                        upBudget = 50 + random.nextInt(3_000);
                    } else {
                        downBudget = 5_000 + random.nextInt(30_000); // lives longer, but dies too
                    }
                    reset = random.nextBoolean();
                }
                pump(client, server, upBudget, reset, "up");
                pump(server, client, downBudget, reset, "down");
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, long budget, boolean reset, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            long left = budget;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (n >= left) {
                        out.write(buf, 0, (int) left);
                        out.flush();
                        cuts.incrementAndGet();
                        cut(from, to, reset);
                        return;
                    }
                    left -= n;
                    out.write(buf, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                quietClose(from);
                quietClose(to);
            }
        }, "relay-" + name);
        t.setDaemon(true);
        t.start();
    }

    private static void cut(Socket a, Socket b, boolean reset) {
        if (reset) {
            try {
                a.setSoLinger(true, 0);
                b.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // already gone
            }
        }
        quietClose(a);
        quietClose(b);
    }

    private static void quietClose(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Connections cut on purpose so far. */
    public int cuts() {
        return cuts.get();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        sockets.forEach(FaultyRelay::quietClose);
    }
}
