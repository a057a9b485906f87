package dev.pushwire.server.internal;

import dev.pushwire.server.ConnectionHandler;
import dev.pushwire.server.EndpointOptions;
import dev.pushwire.server.HttpHandler;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the server serves, by path. Thread safe: routes may be added while requests are routed (concurrent maps and
 * a copy-on-write list; a route added during a request is seen by the next ones).
 */
public final class Routes {
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final Map<String, HttpHandler> http = new ConcurrentHashMap<>();
    /** Longest prefix first. */
    private final List<StaticResources> statics = new CopyOnWriteArrayList<>();

    public void addEndpoint(String path, EndpointOptions options, ConnectionHandler handler) {
        endpoints.put(path, new Endpoint(path, options,
                options.pauseReadingWhileUnwritable() ? PauseReadingWhileUnwritable.around(handler) : handler));
    }

    public void addHttp(String path, HttpHandler handler) {
        http.put(path, handler);
    }

    public synchronized void addStatic(String urlPrefix, String classpathRoot) {
        statics.removeIf(s -> s.urlPrefix().equals(urlPrefix));
        statics.add(new StaticResources(urlPrefix, classpathRoot));
        statics.sort(Comparator.comparingInt((StaticResources s) -> s.urlPrefix().length()).reversed());
    }

    /** The endpoint at exactly {@code path}, or null. */
    public Endpoint endpoint(String path) {
        return endpoints.get(path);
    }

    /** The HTTP route at exactly {@code path}, or null. */
    public HttpHandler http(String path) {
        return http.get(path);
    }

    /** The static mount with the longest prefix of {@code path}, or null. */
    public StaticResources staticFor(String path) {
        for (StaticResources s : statics) {
            if (s.matches(path)) {
                return s;
            }
        }
        return null;
    }
}
