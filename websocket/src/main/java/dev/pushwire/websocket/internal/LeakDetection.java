package dev.pushwire.websocket.internal;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty's buffer leak detector, off unless asked for. At its default level it records a stack trace for one buffer
 * in 128, which cost about 5 % of a core at a million echoes per second (docs/BENCHMARKS.md). Vert.x makes the
 * same choice. Setting {@code -Dio.netty.leakDetection.level} (our tests run with {@code paranoid}) keeps whatever
 * level it names.
 */
public final class LeakDetection {
    private LeakDetection() {
    }

    /** Turns the detector off unless a level was set by system property; idempotent, any thread. */
    public static void offUnlessConfigured() {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }
}
