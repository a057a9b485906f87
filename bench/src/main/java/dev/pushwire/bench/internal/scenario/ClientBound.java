package dev.pushwire.bench.internal.scenario;

/**
 * Whether a measured window was bound by the load generator rather than the server: the generator's CPU reached
 * {@value #LIMIT_PCT} % of what its event loops can use (100 % of a core each), or the generator and the server
 * together filled {@value #LIMIT_PCT} % of the machine's cores and the generator had the larger share. Such a cell
 * is reported with {@link Metric#CLIENT_BOUND} = 1 and a note, not dropped: on a 2-core machine every echo fills
 * the machine, and the flag says which side the ratio measured. Stateless.
 */
public final class ClientBound {
    /** Percent of the available CPU from which a window counts as client-bound. */
    public static final double LIMIT_PCT = 90;

    private ClientBound() {
    }

    /**
     * Whether a window whose generator used {@code clientCpuPct} and server {@code serverCpuPct} (percent of one
     * core each) on a machine of {@code cores} cores, with {@code clientThreads} generator event loops, was bound by
     * the generator.
     */
    public static boolean test(double clientCpuPct, double serverCpuPct, int clientThreads, int cores) {
        boolean loopsFull = clientCpuPct >= LIMIT_PCT * clientThreads;
        boolean machineFull = clientCpuPct + serverCpuPct >= LIMIT_PCT * cores && clientCpuPct >= serverCpuPct;
        return loopsFull || machineFull;
    }

    /** The note a client-bound window gets. */
    static String note(double clientCpuPct, double serverCpuPct, int clientThreads, int cores) {
        return String.format(java.util.Locale.ROOT,
                "client-bound: the load generator used %.0f %% CPU (%d event loops) against the server's %.0f %% on %d"
                        + " cores, so this cell measured the generator as much as the server",
                clientCpuPct, clientThreads, serverCpuPct, cores);
    }
}
