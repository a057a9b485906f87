package dev.pushwire.bench.internal.transports;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request headers every HTTP client of the comparison sends, copied in shape from what Chromium 131 sends for
 * a same-origin {@code fetch} on Linux, with a cookie of typical size (an analytics id and a session id): about
 * 630 bytes per request with the request line and {@code Host}, as DESIGN.md's measured facts say a browser sends.
 * The WebSocket handshake carries them too (once per connection). Immutable.
 */
final class BrowserHeaders {
    private BrowserHeaders() {
    }

    /** The headers for a request to {@code port} (the Referer names the demo page on it), in sending order. */
    static Map<String, String> forPort(int port, boolean eventStream) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("sec-ch-ua-platform", "\"Linux\"");
        h.put("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/131.0.0.0 Safari/537.36");
        h.put("sec-ch-ua", "\"Google Chrome\";v=\"131\", \"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\"");
        h.put("sec-ch-ua-mobile", "?0");
        h.put("Accept", eventStream ? "text/event-stream" : "*/*");
        h.put("Sec-Fetch-Site", "same-origin");
        h.put("Sec-Fetch-Mode", "cors");
        h.put("Sec-Fetch-Dest", "empty");
        h.put("Referer", "http://127.0.0.1:" + port + "/ticker.html");
        h.put("Accept-Encoding", "gzip, deflate, br, zstd");
        h.put("Accept-Language", "en-US,en;q=0.9");
        h.put("Cookie", "_ga=GA1.1.1843320212.1732447015; _ga_Q3Z8Y1V2KM=GS1.1.1732447015.1.1.1732447090.0.0.0; "
                + "session=eyJ1aWQiOjQyMTd9.Z0Mxkw.Xq4k7bVr9nN2hJm3pLs8tWc1yAe");
        return h;
    }
}
