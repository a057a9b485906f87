package dev.pushwire.bench.internal.cluster;

import java.nio.charset.StandardCharsets;

/**
 * How the load generator speaks to one kind of cluster over a WebSocket: Pushwire's hub protocol (docs/hub.md) or
 * Socket.IO 4 (Engine.IO v4 over a WebSocket, no polling). Subscribers follow one channel (a hub channel, a
 * Socket.IO room joined by the {@code room} handshake parameter); publishers send
 * {@code {"p":PUBLISHER,"s":SEQUENCE,"t":MICROS}} to a channel, which every subscriber of it gets back as the
 * delivered data. Stateless; any thread.
 */
interface Dialect {
    /** What a text message from the server was. */
    enum Kind {
        /** nothing the benchmark counts (a ping answered, a join push, a publish acknowledgement) */
        OTHER,
        /** the connection is ready: subscribed (subscriber) or connected (publisher) */
        READY,
        /** a delivery: the message holds the publisher's data */
        DELIVERY,
        /** the server could not do it this time and says to try again: the answer holds the retry */
        RETRY,
        /** the server refused something: the message says what */
        ERROR
    }

    /** What to send back, if anything, and what the message was. */
    record Answer(Kind kind, byte[] reply) {
        static final Answer OTHER = new Answer(Kind.OTHER, null);
        static final Answer READY = new Answer(Kind.READY, null);
        static final Answer DELIVERY = new Answer(Kind.DELIVERY, null);
        static final Answer ERROR = new Answer(Kind.ERROR, null);
    }

    /** The request path of a subscriber of {@code channel}, or of a publisher when {@code channel} is null. */
    String path(String channel);

    /** What a connection sends right after the upgrade (null: nothing, it waits for the server). */
    byte[] onOpen(String channel);

    /** Reads a whole text message ({@code text[0..length)}) of a subscriber ({@code channel} set) or publisher. */
    Answer onText(byte[] text, int length, String channel);

    /** The message a publisher sends to publish {@code {"p":p,"s":s,"t":micros}} on {@code channel}. */
    byte[] publish(String channel, int p, long s, long micros, long commandId);

    /** Pushwire's hub: connect, then subscribe; publications come as {@code publication} pushes. */
    Dialect HUB = new Dialect() {
        private final byte[] connect = "{\"id\":1,\"type\":\"connect\"}".getBytes(StandardCharsets.US_ASCII);

        @Override
        public String path(String channel) {
            return "/pushwire";
        }

        @Override
        public byte[] onOpen(String channel) {
            return connect;
        }

        @Override
        public Answer onText(byte[] text, int length, String channel) {
            if (Bytes.indexOf(text, length, Bytes.PUBLICATION) >= 0) {
                return Answer.DELIVERY;
            }
            long id = Bytes.numberAfter(text, length, Bytes.ID);
            if (id < 0) {
                return Answer.OTHER; // join/leave pushes
            }
            if (Bytes.indexOf(text, length, Bytes.ERROR_FIELD) >= 0) {
                // docs/hub.md: "internal" = the broker failed; try again
                return id == 2 && channel != null && Bytes.indexOf(text, length, Bytes.INTERNAL) >= 0
                        ? new Answer(Kind.RETRY, subscribe(channel)) : Answer.ERROR;
            }
            if (id == 1) {
                return channel == null ? Answer.READY : new Answer(Kind.OTHER, subscribe(channel));
            }
            return id == 2 && channel != null ? Answer.READY : Answer.OTHER;
        }

        private byte[] subscribe(String channel) {
            return ("{\"id\":2,\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] publish(String channel, int p, long s, long micros, long commandId) {
            return ("{\"id\":" + commandId + ",\"type\":\"publish\",\"channel\":\"" + channel + "\",\"data\":{\"p\":" + p
                    + ",\"s\":" + s + ",\"t\":" + micros + "}}").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "pushwire hub";
        }
    };

    /**
     * Socket.IO 4: the server opens with Engine.IO's {@code 0{...}}, the client connects to the main namespace with
     * {@code 40}, the server confirms with {@code 40{"sid":...}}; events are {@code 42["name",...]}; the server pings
     * ({@code 2}) and the client must answer ({@code 3}).
     */
    Dialect SOCKET_IO = new Dialect() {
        private final byte[] connectNamespace = "40".getBytes(StandardCharsets.US_ASCII);
        private final byte[] pong = "3".getBytes(StandardCharsets.US_ASCII);

        @Override
        public String path(String channel) {
            return "/socket.io/?EIO=4&transport=websocket" + (channel == null ? "" : "&room=" + channel);
        }

        @Override
        public byte[] onOpen(String channel) {
            return null;
        }

        @Override
        public Answer onText(byte[] text, int length, String channel) {
            if (length >= 2 && text[0] == '4' && text[1] == '2') {
                return Answer.DELIVERY;
            }
            if (length == 1 && text[0] == '2') {
                return new Answer(Kind.OTHER, pong);
            }
            if (length >= 1 && text[0] == '0') {
                return new Answer(Kind.OTHER, connectNamespace);
            }
            if (length >= 2 && text[0] == '4' && text[1] == '0') {
                return Answer.READY;
            }
            if (length >= 2 && text[0] == '4' && text[1] == '4') {
                return Answer.ERROR;
            }
            return Answer.OTHER;
        }

        @Override
        public byte[] publish(String channel, int p, long s, long micros, long commandId) {
            return ("42[\"pub\",\"" + channel + "\",{\"p\":" + p + ",\"s\":" + s + ",\"t\":" + micros + "}]")
                    .getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "socket.io";
        }
    };
}
