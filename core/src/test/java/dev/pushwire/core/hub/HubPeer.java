package dev.pushwire.core.hub;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pushwire.core.testing.HubProtocolPeer;
import dev.pushwire.core.testing.RecordingConnection;

/**
 * A hub client played by a test over a {@link RecordingConnection}: sends commands, and checks replies and pushes
 * with typed asserts ({@link HubProtocolPeer}). Not thread safe (one test thread).
 */
final class HubPeer extends HubProtocolPeer {
    final RecordingConnection connection = new RecordingConnection();

    HubPeer(Hub hub) {
        hub.accept(connection);
    }

    @Override
    protected void sendText(String text) {
        connection.receive(text);
    }

    @Override
    protected String nextText() {
        return connection.nextText();
    }

    /** Asserts the next message is a publication push on {@code channel}; returns it. */
    JsonNode publication(String channel) {
        return push("publication", channel);
    }

    /** Asserts the next message is a join or leave push on {@code channel}; returns the client object. */
    JsonNode presenceEvent(String type, String channel) {
        return push(type, channel).get("client");
    }
}
