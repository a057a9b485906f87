package dev.pushwire.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx (Debian's package) started by a test as a typical reverse proxy in front of a server on loopback,
 * with a config the test chooses, on a free port; {@link #close()} stops it by its own process handle. Needs
 * {@link ExternalTool#NGINX} (skips or fails as that says).
 */
public final class NginxProxy implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final int port;

    private NginxProxy(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /**
     * Starts nginx proxying everything to {@code 127.0.0.1:upstreamPort}.
     *
     * @param readTimeout      nginx's {@code proxy_read_timeout}
     * @param websocketHeaders whether the config forwards {@code Upgrade}/{@code Connection: upgrade} (without them,
     *                         as in many real configs, WebSocket handshakes fail through the proxy)
     */
    public static NginxProxy start(int upstreamPort, Duration readTimeout, boolean websocketHeaders) {
        return start("server 127.0.0.1:" + upstreamPort + ";", readTimeout, websocketHeaders);
    }

    /**
     * Starts nginx balancing requests over {@code upstreamPorts} (all on 127.0.0.1) by plain round robin, with no
     * stickiness: consecutive requests of one client, even on one kept-alive connection, go to different servers.
     * An upstream that refuses connections is skipped (nginx's {@code max_fails=1 fail_timeout=10s}), as in a
     * typical deployment.
     */
    public static NginxProxy startRoundRobin(java.util.List<Integer> upstreamPorts, Duration readTimeout,
                                             boolean websocketHeaders) {
        StringBuilder servers = new StringBuilder();
        for (int p : upstreamPorts) {
            servers.append("server 127.0.0.1:").append(p).append(" max_fails=1 fail_timeout=10s; ");
        }
        return start(servers.toString(), readTimeout, websocketHeaders);
    }

    private static NginxProxy start(String upstreamServers, Duration readTimeout, boolean websocketHeaders) {
        Path nginx = ExternalTool.NGINX.require();
        try {
            Path dir = Files.createTempDirectory("pushwire-nginx");
            int port = Loopback.freePort();
            String upgrade = websocketHeaders
                    ? "      proxy_set_header Upgrade $http_upgrade;\n      proxy_set_header Connection \"upgrade\";\n"
                    : "      proxy_set_header Connection \"\";\n";
            String conf = "worker_processes 1;\n"
                    + "pid " + dir.resolve("nginx.pid") + ";\n"
                    + "error_log " + dir.resolve("error.log") + " warn;\n"
                    + "events { worker_connections 512; }\n"
                    + "http {\n"
                    + "  access_log off;\n"
                    + "  client_body_temp_path " + dir.resolve("body") + ";\n"
                    + "  proxy_temp_path " + dir.resolve("proxy") + ";\n"
                    + "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";\n"
                    + "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";\n"
                    + "  scgi_temp_path " + dir.resolve("scgi") + ";\n"
                    + "  upstream backend { " + upstreamServers + " keepalive 16; }\n"
                    + "  server {\n"
                    + "    listen 127.0.0.1:" + port + ";\n"
                    + "    client_max_body_size 16m;\n"
                    + "    location / {\n"
                    + "      proxy_pass http://backend;\n"
                    + "      proxy_http_version 1.1;\n"
                    // $http_host keeps the port the browser used: a server checking Origin against Host needs it
                    + "      proxy_set_header Host $http_host;\n"
                    + upgrade
                    + "      proxy_read_timeout " + Math.max(1, readTimeout.toSeconds()) + "s;\n"
                    + "    }\n"
                    + "  }\n"
                    + "}\n";
            Path confFile = dir.resolve("nginx.conf");
            Files.writeString(confFile, conf, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(nginx.toString(), "-e", dir.resolve("error.log").toString(),
                    "-p", dir.toString(), "-c", confFile.toString(), "-g", "daemon off;")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            NginxProxy proxy = new NginxProxy(p, dir, port);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> !p.isAlive() || Loopback.accepts(port));
                if (!p.isAlive()) {
                    throw new IllegalStateException("nginx exited: " + proxy.log());
                }
            } catch (RuntimeException e) {
                proxy.close();
                throw e;
            }
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port nginx listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** nginx's error log and output, for failure messages. */
    public String log() {
        StringBuilder sb = new StringBuilder();
        for (String f : new String[] {"error.log", "stdout.log"}) {
            try {
                sb.append(Files.readString(dir.resolve(f), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // not written
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
