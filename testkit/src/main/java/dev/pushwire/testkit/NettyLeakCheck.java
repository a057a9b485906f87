package dev.pushwire.testkit;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;
import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that fails a test class when Netty reports a leaked buffer (or any other tracked resource)
 * while it ran.
 *
 * <p>How: on first use it installs a {@link ResourceLeakDetectorFactory} whose detectors record every leak they
 * report (besides logging it as usual, whatever the log level). After each test class it runs the garbage
 * collector, waits until the collector's references were enqueued, makes every detector poll its queue (Netty
 * reports leaks only when it tracks a new object), and fails if a leak was recorded since the class started. The
 * failure message carries Netty's own report with the access records, so it says where the buffer was last used.
 *
 * <p>Detection is only as fine as the level: run tests with {@code -Dio.netty.leakDetection.level=paranoid} (the
 * build does) so that every buffer is tracked. A leak is blamed on the class during which the collector found it,
 * which is usually, but not always, the class that caused it; the creation record tells.
 *
 * <p>Registration: {@code @ExtendWith(NettyLeakCheck.class)} on a test class, or for every class of a module by
 * JUnit's extension auto-detection (this jar lists it in {@code META-INF/services}; auto-detection is enabled by
 * the build's Surefire configuration). The factory must be installed before Netty's buffer classes are
 * initialized; when it comes too late the extension attaches a listener to the buffer detector instead.
 *
 * <p>Thread safety: leaks are recorded from any thread (Netty reports them on the thread that allocates);
 * the callbacks run on JUnit's thread.
 */
public final class NettyLeakCheck implements BeforeAllCallback, AfterAllCallback {
    /** Every leak report since the JVM started, in order. Appended from any thread. */
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    /** Every detector created through our factory (plus the buffer detector if it predates us). */
    private static final List<ResourceLeakDetector<?>> DETECTORS = new CopyOnWriteArrayList<>();

    /**
     * A leak whose records contain this hint ({@code buffer.touch(EXPECTED_LEAK_HINT)}) is recorded but fails no
     * class: for tests that leak on purpose to prove the check works.
     */
    public static final String EXPECTED_LEAK_HINT = "pushwire-expected-leak";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NettyLeakCheck.class);
    private static final String LEAKS_BEFORE = "leaksBefore";

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        attachToBufferDetector();
        context.getStore(NAMESPACE).put(LEAKS_BEFORE, LEAKS.size());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Integer before = context.getStore(NAMESPACE).get(LEAKS_BEFORE, Integer.class);
        collectAndReport();
        List<String> found = new ArrayList<>(LEAKS.subList(before == null ? 0 : before, LEAKS.size()));
        found.removeIf(report -> report.contains(EXPECTED_LEAK_HINT));
        if (!found.isEmpty()) {
            throw new AssertionError(found.size() + " Netty resource leak(s) reported during "
                    + context.getDisplayName() + ":\n" + String.join("\n\n", found));
        }
    }

    /** The leak reports recorded so far (for tests of this extension). */
    public static List<String> leaks() {
        return List.copyOf(LEAKS);
    }

    /**
     * Runs the collector until an object of our own is known to be enqueued, then makes every detector report
     * what the collector found.
     */
    public static void collectAndReport() {
        for (int round = 0; round < 2; round++) {
            ReferenceQueue<Object> queue = new ReferenceQueue<>();
            PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), queue);
            System.gc();
            try {
                // Enqueueing happens on the reference handler thread after the collection: wait for ours.
                if (queue.remove(2_000) == null) {
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sentinel.clear();
        }
        for (ResourceLeakDetector<?> detector : DETECTORS) {
            poll(detector);
        }
    }

    /** Tracking an object makes a detector drain its queue and report leaks (at any sampling level, forcibly). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void poll(ResourceLeakDetector detector) {
        Object probe = new Object();
        ResourceLeakTracker tracker = detector.trackForcibly(probe);
        if (tracker != null) {
            tracker.close(probe);
        }
    }

    /** If Netty's buffer detector was created before our factory, listen to it instead. */
    private static void attachToBufferDetector() {
        try {
            Class<?> abstractByteBuf = Class.forName("io.netty.buffer.AbstractByteBuf");
            Field field = abstractByteBuf.getDeclaredField("leakDetector");
            field.setAccessible(true);
            ResourceLeakDetector<?> detector = (ResourceLeakDetector<?>) field.get(null);
            if (!(detector instanceof RecordingDetector) && !DETECTORS.contains(detector)) {
                detector.setLeakListener((type, records) -> LEAKS.add("LEAK: " + type + records));
                DETECTORS.add(detector);
            }
        } catch (ClassNotFoundException e) {
            // netty-buffer is not on this module's class path: nothing to watch there
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot watch Netty's buffer leak detector: install NettyLeakCheck "
                    + "earlier (auto-detection) so that its factory is used", e);
        }
    }

    /** Creates {@link RecordingDetector}s and remembers them. */
    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        @SuppressWarnings("deprecation")
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                   long maxActive) {
            return newResourceLeakDetector(resource, samplingInterval);
        }

        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
            RecordingDetector<T> detector = new RecordingDetector<>(resource, samplingInterval);
            DETECTORS.add(detector);
            return detector;
        }
    }

    /** A detector that always reports (whatever the logger's level) and records each report. */
    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<?> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected."
                    + records);
            if (!records.contains(EXPECTED_LEAK_HINT)) {
                super.reportTracedLeak(resourceType, records);
            }
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected "
                    + "(run with -Dio.netty.leakDetection.level=paranoid to see where)");
            super.reportUntracedLeak(resourceType);
        }
    }
}
