package dev.pushwire.examples.spring;

import dev.pushwire.server.PushwireServer;
import org.springframework.stereotype.Component;

/**
 * Serves the chat page from the Pushwire port, so that the page, the WebSocket and the HTTP fallbacks share one
 * origin: {@code /} is {@code chat-page/index.html}, {@code /lib/} the browser client {@code pushwire.js} from the
 * pushwire-web jar. The starter's {@link PushwireServer} bean takes routes like any other; they may be added
 * before it starts.
 */
@Component
public class ChatPage {
    public ChatPage(PushwireServer server) {
        server.staticResources("/", "chat-page");
        server.staticResources("/lib/", "pushwire/web");
    }
}
