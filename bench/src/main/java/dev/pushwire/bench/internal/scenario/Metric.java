package dev.pushwire.bench.internal.scenario;

/** The names of the numbers scenarios report, with what each means. */
public final class Metric {
    /** Messages completed per second in the measured window (echo: round trips; broadcast: deliveries). */
    public static final String RATE = "msgs_per_s";
    /** Payload MiB per second in each direction (echo). */
    public static final String MIB_PER_S = "mib_per_s";
    /** Latency percentiles and maximum, microseconds (echo: send to echo; broadcast: publish to delivery). */
    public static final String P50 = "p50_us";
    /** 99th percentile latency, microseconds. */
    public static final String P99 = "p99_us";
    /** 99.9th percentile latency, microseconds. */
    public static final String P999 = "p999_us";
    /** Largest latency, microseconds. */
    public static final String MAX = "max_us";
    /** Broadcast deliveries expected but never received (after a drain wait). */
    public static final String MISSING = "missing";
    /** Broadcast deliveries received twice or out of order. */
    public static final String DUPLICATES = "duplicates";
    /** Wrong echoes, failed upgrades, unexpected closes. */
    public static final String ERRORS = "errors";
    /** Server CPU in the measured window, percent of one core (200 = both cores of this machine). */
    public static final String SERVER_CPU = "server_cpu_pct";
    /** The kernel's part of {@link #SERVER_CPU} (system calls, the loopback TCP path), percent of one core. */
    public static final String SERVER_SYS_CPU = "server_sys_cpu_pct";
    /** Load generator CPU in the measured window, percent of one core. */
    public static final String CLIENT_CPU = "client_cpu_pct";
    /** Server resident memory at the end, MiB. */
    public static final String SERVER_RSS_MIB = "server_rss_mib";
    /** Connections the scenario held open. */
    public static final String CONNECTIONS = "connections";
    /** Idle: WebSocket upgrades completed per second while opening them all. */
    public static final String CONNECT_RATE = "connects_per_s";
    /** Idle: server RSS growth divided by the connections, bytes. */
    public static final String RSS_PER_CONNECTION = "rss_per_conn_bytes";
    /**
     * Idle: server RSS growth divided by the connections, bytes, after the peer was asked for a full GC with the
     * connections still open (the old figure, for comparison; a client cannot ask a real server for a GC).
     */
    public static final String RSS_PER_CONNECTION_AFTER_GC = "rss_per_conn_after_gc_bytes";
    /** Idle: the fresh peer's resident memory before its first connection, MiB. */
    public static final String STARTUP_RSS_MIB = "startup_rss_mib";
    /**
     * Broadcast: the 99th percentile of every delivery of every window pooled, microseconds (the figure {@link #P99}
     * was before broadcasts were measured in several windows; their median is steadier).
     */
    public static final String P99_POOLED = "p99_pooled_us";
    /** Broadcast: the lowest and highest of the windows' 99th percentiles, microseconds (their spread). */
    public static final String P99_LOWEST = "p99_lowest_window_us";
    /** See {@link #P99_LOWEST}. */
    public static final String P99_HIGHEST = "p99_highest_window_us";
    /**
     * 1 when the load generator's CPU in the window reached {@link ClientBound#LIMIT_PCT} of what its event loops
     * can use (100 % per thread) or of the machine's share left by the server: the cell measured the generator as
     * much as the server. 0 otherwise.
     */
    public static final String CLIENT_BOUND = "client_bound";
    /** Measured window, seconds. */
    public static final String SECONDS = "seconds";

    private Metric() {
    }
}
