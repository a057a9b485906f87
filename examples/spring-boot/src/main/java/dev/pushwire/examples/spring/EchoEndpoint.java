package dev.pushwire.examples.spring;

import dev.pushwire.core.Connection;
import dev.pushwire.server.ConnectionHandler;
import dev.pushwire.spring.boot.PushwireEndpoint;
import org.springframework.stereotype.Component;

/** Sends every message back to its sender, on every transport (WebSocket, SSE, long polling, polling). */
@Component
@PushwireEndpoint("/echo")
public class EchoEndpoint implements ConnectionHandler {
    @Override
    public void onConnection(Connection connection) {
        connection.onMessage(message -> connection.send(message, null));
    }
}
