package dev.pushwire.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Files served from the class path under a URL prefix. Resolves a request path to a resource name, refusing
 * traversal ({@code ..}, backslashes, NUL), and serves {@code index.html} for directories. Immutable, thread safe.
 */
public final class StaticResources {
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("map", "application/json; charset=utf-8"),
            Map.entry("ts", "text/plain; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("md", "text/markdown; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("wasm", "application/wasm"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"));

    private final String urlPrefix;
    private final String root;

    public StaticResources(String urlPrefix, String classpathRoot) {
        this.urlPrefix = urlPrefix;
        String r = classpathRoot;
        while (r.startsWith("/")) {
            r = r.substring(1);
        }
        while (r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        this.root = r;
    }

    public String urlPrefix() {
        return urlPrefix;
    }

    /** Whether {@code path} (decoded) is under this mount. */
    public boolean matches(String path) {
        if (urlPrefix.equals("/")) {
            return true;
        }
        return path.equals(urlPrefix) || path.startsWith(urlPrefix.endsWith("/") ? urlPrefix : urlPrefix + "/");
    }

    /** A file found on the class path. */
    public record Found(byte[] bytes, String contentType) {
    }

    /** Thrown for a path that tries to leave the mount. */
    public static final class BadPathException extends Exception {
        private static final long serialVersionUID = 1L;

        BadPathException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The file for decoded request path {@code path}, or null if there is none.
     *
     * @throws BadPathException if the path contains {@code ..}, a backslash or a NUL
     */
    public Found find(String path) throws BadPathException, IOException {
        String rel = path.substring(Math.min(path.length(), urlPrefix.length()));
        if (rel.indexOf('\\') >= 0 || rel.indexOf('\0') >= 0) {
            throw new BadPathException("the path contains a backslash or NUL");
        }
        for (String segment : rel.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new BadPathException("the path contains a '" + segment + "' segment");
            }
        }
        while (rel.startsWith("/")) {
            rel = rel.substring(1);
        }
        String name = root.isEmpty() ? rel : rel.isEmpty() ? root : root + "/" + rel;
        if (rel.isEmpty() || rel.endsWith("/")) {
            return read(name.endsWith("/") ? name + "index.html" : name + "/index.html");
        }
        ClassLoader cl = classLoader();
        URL url = cl.getResource(name);
        if (url == null) {
            return null;
        }
        if (isDirectory(url)) {
            return read(name + "/index.html");
        }
        return read(name);
    }

    private Found read(String name) throws IOException {
        URL url = classLoader().getResource(name);
        if (url == null || isDirectory(url)) {
            return null;
        }
        URLConnection c = url.openConnection();
        c.setUseCaches(false);
        try (InputStream in = c.getInputStream()) {
            return new Found(in.readAllBytes(), contentType(name));
        }
    }

    private static boolean isDirectory(URL url) throws IOException {
        if ("file".equals(url.getProtocol())) {
            try {
                return Files.isDirectory(Path.of(url.toURI()));
            } catch (URISyntaxException e) {
                return false;
            }
        }
        if ("jar".equals(url.getProtocol())) {
            URLConnection c = url.openConnection();
            c.setUseCaches(false);
            if (c instanceof JarURLConnection) {
                var entry = ((JarURLConnection) c).getJarEntry();
                return entry == null || entry.isDirectory();
            }
        }
        return false;
    }

    /** The Content-Type for a file name, by extension; {@code application/octet-stream} when unknown. */
    public static String contentType(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        if (dot <= slash) {
            return "application/octet-stream";
        }
        return TYPES.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
    }

    private static ClassLoader classLoader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : StaticResources.class.getClassLoader();
    }
}
