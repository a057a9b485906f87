package dev.pushwire.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that runs a {@link RedisServer} (a real {@code redis-server} on a free loopback port) for a test
 * class or for each test, and stops it by its own process handle afterwards.
 *
 * <p>Registration decides the lifetime:
 * <ul>
 *   <li>{@code @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();} starts one
 *   Redis before the class's {@code @BeforeAll} methods and stops it after its {@code @AfterAll} methods, so those
 *   may use {@link #uri()} (to start nodes on it) and close what they opened before Redis goes. Its {@code @Nested}
 *   classes share it. A test that kills it leaves it dead for the tests after it: such tests want one per test;</li>
 *   <li>an instance field ({@code @RegisterExtension final RedisServerExtension redis = ...}) starts a fresh Redis
 *   before each test's {@code @BeforeEach} methods and stops it after its {@code @AfterEach} methods: for fault
 *   tests that kill, pause or restart it through {@link #server()}. A test annotated {@link AppendOnly} gets one
 *   that writes an append-only file, so a restart keeps its data.</li>
 * </ul>
 *
 * <p>Without {@code redis-server} on the machine the class (static registration) or the test fails under CI
 * ({@code CI=true}) and is skipped elsewhere, as {@link ExternalTool#require()} says.
 *
 * <p>Not thread safe: for classes whose tests run one at a time (the build's default).
 */
public final class RedisServerExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    /**
     * On a test of a class with a per-test {@link RedisServerExtension}: its Redis writes an append-only file
     * ({@code appendfsync always}), so {@link RedisServer#restart()} keeps its data.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface AppendOnly {
    }

    private RedisServer server;
    /** The unique id of the class or test whose callback started {@link #server}: only its "after" stops it. */
    private String owner;

    /** The running Redis, for fault tests ({@link RedisServer#kill()}, {@code pause()}, {@code restart()}...). */
    public RedisServer server() {
        if (server == null) {
            throw new IllegalStateException("no Redis is running: register the extension with @RegisterExtension "
                    + "and use it from @BeforeAll/@BeforeEach methods or tests");
        }
        return server;
    }

    /** {@code redis://127.0.0.1:port} of the running Redis. */
    public String uri() {
        return server().uri();
    }

    /** The port the running Redis listens on (127.0.0.1). */
    public int port() {
        return server().port();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (server == null) {
            start(context, false);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        boolean appendOnly = context.getTestMethod().map(m -> m.isAnnotationPresent(AppendOnly.class)).orElse(false);
        if (server == null) {
            start(context, appendOnly);
        } else if (appendOnly) {
            throw new IllegalStateException("@AppendOnly needs a Redis per test: register the RedisServerExtension "
                    + "in an instance field, not a static one");
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopIfStartedBy(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopIfStartedBy(context);
    }

    private void start(ExtensionContext context, boolean appendOnly) {
        server = RedisServer.start(appendOnly, null);
        owner = context.getUniqueId();
    }

    private void stopIfStartedBy(ExtensionContext context) {
        if (server != null && context.getUniqueId().equals(owner)) {
            try {
                server.close();
            } finally {
                server = null;
                owner = null;
            }
        }
    }
}
