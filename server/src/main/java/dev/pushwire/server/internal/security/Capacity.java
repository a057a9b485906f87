package dev.pushwire.server.internal.security;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The default of {@code maxConnections}: what the process's file-descriptor limit allows, less a reserve for
 * everything else the process opens (jars, logs, a broker's connections, outgoing calls). Each connection takes one
 * descriptor; a machine's memory is the next limit (see docs/security.md).
 */
public final class Capacity {
    /** Descriptors kept back: at least this many. */
    static final int MIN_RESERVE = 256;
    /** Without a known descriptor limit (not a Unix JVM). */
    static final int FALLBACK = 10_000;

    private Capacity() {
    }

    /** The process's descriptor limit (the soft {@code ulimit -n}), or -1 when the JVM cannot tell. */
    public static long fileDescriptorLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }

    /** {@code maxConnections} for a descriptor limit: the limit less max(256, 10 %); 10,000 when unknown. */
    public static int defaultMaxConnections(long fdLimit) {
        if (fdLimit <= 0) {
            return FALLBACK;
        }
        long reserve = Math.max(MIN_RESERVE, fdLimit / 10);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, fdLimit - reserve));
    }
}
