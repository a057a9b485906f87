package dev.pushwire.examples.spring;

import dev.pushwire.core.hub.Hub;
import dev.pushwire.core.hub.StreamPosition;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /announce} publishes {@code {"from":"server","text":...}} to the {@code chat} channel, the text given
 * as a form field ({@code curl -d text=hello}) or as a {@code text/plain} body: the application's own code (here a
 * Spring MVC controller) talks to the hub bean directly.
 */
@RestController
public class AnnounceController {
    /** The channel of the chat (open to anonymous clients in application.properties). */
    public static final String CHANNEL = "chat";

    private final Hub hub;

    public AnnounceController(Hub hub) {
        this.hub = hub;
    }

    @PostMapping(path = "/announce", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public CompletableFuture<Map<String, Object>> announceForm(@RequestParam("text") String text) {
        return announce(text);
    }

    @PostMapping(path = "/announce", consumes = MediaType.TEXT_PLAIN_VALUE)
    public CompletableFuture<Map<String, Object>> announce(@RequestBody String text) {
        String json = "{\"from\":\"server\",\"text\":" + jsonString(text) + "}";
        return hub.publish(CHANNEL, json).thenApply(AnnounceController::answer);
    }

    private static Map<String, Object> answer(StreamPosition position) {
        return Map.of("channel", CHANNEL, "offset", position.offset(), "epoch", position.epoch());
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
