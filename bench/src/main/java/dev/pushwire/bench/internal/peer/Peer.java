package dev.pushwire.bench.internal.peer;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The servers the harness compares, by the name used on the command line and in results. */
public enum Peer {
    PUSHWIRE("pushwire"),
    /** Pushwire with its event loops on epoll, to compare with its default (io_uring where the kernel has it). */
    PUSHWIRE_EPOLL("pushwire-epoll"),
    NETTY("netty"),
    VERTX("vertx"),
    JETTY("jetty"),
    NODE("node");

    private final String id;

    Peer(String id) {
        this.id = id;
    }

    /** The name on the command line and in results. */
    public String id() {
        return id;
    }

    /** Whether it runs in a JVM (started from this jar with the run's JVM flags). */
    public boolean isJava() {
        return this != NODE;
    }

    /** The peer called {@code id}. */
    public static Peer of(String id) {
        for (Peer p : values()) {
            if (p.id.equalsIgnoreCase(id.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown peer '" + id + "'; known: " + ids(List.of(values())));
    }

    /** Comma-separated ids. */
    public static String ids(List<Peer> peers) {
        return peers.stream().map(Peer::id).collect(Collectors.joining(","));
    }

    /** Every peer, Pushwire first. */
    public static List<Peer> all() {
        return Arrays.asList(values());
    }
}
