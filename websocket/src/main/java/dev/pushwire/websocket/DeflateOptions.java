package dev.pushwire.websocket;

/**
 * permessage-deflate (RFC 7692) settings. Off by default ({@link #DISABLED}); turn it on with
 * {@code DeflateOptions.builder().build()}. Immutable.
 *
 * <p>Compression costs CPU and, with context takeover, about 300 KiB of zlib state per connection while it is open,
 * so it is opt-in. Messages smaller than {@link #thresholdBytes()} are sent uncompressed (the frame's RSV1 bit is
 * clear), which is allowed by RFC 7692 and saves CPU on small messages where deflate gains nothing.
 *
 * <h2>Defaults</h2>
 * <table>
 *   <caption>defaults</caption>
 *   <tr><td>{@link #compressionLevel()}</td><td>6</td></tr>
 *   <tr><td>{@link #clientMaxWindowBits()}</td><td>15</td></tr>
 *   <tr><td>{@link #serverMaxWindowBits()}</td><td>15</td></tr>
 *   <tr><td>{@link #clientNoContextTakeover()}</td><td>false</td></tr>
 *   <tr><td>{@link #serverNoContextTakeover()}</td><td>false</td></tr>
 *   <tr><td>{@link #thresholdBytes()}</td><td>1024</td></tr>
 *   <tr><td>{@link #maxInflatedBytes()}</td><td>0 (= the connection's {@code maxMessageBytes})</td></tr>
 * </table>
 *
 * <h2>Window sizes</h2>
 * Netty compresses with the JDK's zlib, which always uses a 15-bit window. A window below 15 for <em>our own</em>
 * compressor (the server's {@code server_max_window_bits}, the client's {@code client_max_window_bits}) therefore
 * needs JZlib ({@code com.jcraft:jzlib}) on the class path; without it a peer that demands a smaller window for our
 * compressor gets no compression (the connection still opens, uncompressed). Any window the peer compresses with
 * is fine: inflating works with every size.
 */
public final class DeflateOptions {
    /** No compression: the extension is never offered or accepted. */
    public static final DeflateOptions DISABLED = new DeflateOptions(new Builder().enabled(false));

    private final boolean enabled;
    private final int compressionLevel;
    private final int clientMaxWindowBits;
    private final int serverMaxWindowBits;
    private final boolean clientNoContextTakeover;
    private final boolean serverNoContextTakeover;
    private final int thresholdBytes;
    private final int maxInflatedBytes;

    private DeflateOptions(Builder b) {
        this.enabled = b.enabled;
        this.compressionLevel = b.compressionLevel;
        this.clientMaxWindowBits = b.clientMaxWindowBits;
        this.serverMaxWindowBits = b.serverMaxWindowBits;
        this.clientNoContextTakeover = b.clientNoContextTakeover;
        this.serverNoContextTakeover = b.serverNoContextTakeover;
        this.thresholdBytes = b.thresholdBytes;
        this.maxInflatedBytes = b.maxInflatedBytes;
    }

    /** A builder with compression enabled and the documented defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Whether permessage-deflate is offered (client) or accepted (server). */
    public boolean enabled() {
        return enabled;
    }

    /** zlib level, 0 (store) to 9 (smallest). Default 6. */
    public int compressionLevel() {
        return compressionLevel;
    }

    /**
     * The LZ77 window (8-15 bits) the client compresses with. A server asks a client that offers
     * {@code client_max_window_bits} to use this size; a client offers it. Default 15.
     */
    public int clientMaxWindowBits() {
        return clientMaxWindowBits;
    }

    /**
     * The LZ77 window (8-15 bits) the server compresses with. A client asks the server for this size when it is
     * below 15; a server honours a client's smaller request only when JZlib is present (see the class javadoc).
     * Default 15.
     */
    public int serverMaxWindowBits() {
        return serverMaxWindowBits;
    }

    /**
     * Whether the client resets its compressor after each message (less memory, worse ratio). A server requests it
     * from clients that allow it; a client offers it. Default false.
     */
    public boolean clientNoContextTakeover() {
        return clientNoContextTakeover;
    }

    /**
     * Whether the server resets its compressor after each message. A client requests it; a server accepts a
     * client's request for it (a server never refuses it). Default false.
     */
    public boolean serverNoContextTakeover() {
        return serverNoContextTakeover;
    }

    /** Messages with fewer payload bytes than this are sent uncompressed. Default 1024. */
    public int thresholdBytes() {
        return thresholdBytes;
    }

    /**
     * The most bytes one inflated message may take in memory; inflating past it closes the connection with 1009.
     * 0 means "the connection's {@code maxMessageBytes}". Default 0.
     */
    public int maxInflatedBytes() {
        return maxInflatedBytes;
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "DeflateOptions{disabled}";
        }
        return "DeflateOptions{level=" + compressionLevel + ", clientMaxWindowBits=" + clientMaxWindowBits
                + ", serverMaxWindowBits=" + serverMaxWindowBits + ", clientNoContextTakeover="
                + clientNoContextTakeover + ", serverNoContextTakeover=" + serverNoContextTakeover
                + ", thresholdBytes=" + thresholdBytes + ", maxInflatedBytes=" + maxInflatedBytes + '}';
    }

    /** Builds {@link DeflateOptions}; every setter checks its argument. */
    public static final class Builder {
        private boolean enabled = true;
        private int compressionLevel = 6;
        private int clientMaxWindowBits = 15;
        private int serverMaxWindowBits = 15;
        private boolean clientNoContextTakeover;
        private boolean serverNoContextTakeover;
        private int thresholdBytes = 1024;
        private int maxInflatedBytes;

        private Builder() {
        }

        private Builder(DeflateOptions o) {
            enabled = o.enabled;
            compressionLevel = o.compressionLevel;
            clientMaxWindowBits = o.clientMaxWindowBits;
            serverMaxWindowBits = o.serverMaxWindowBits;
            clientNoContextTakeover = o.clientNoContextTakeover;
            serverNoContextTakeover = o.serverNoContextTakeover;
            thresholdBytes = o.thresholdBytes;
            maxInflatedBytes = o.maxInflatedBytes;
        }

        /** Turns the extension on or off. {@link #builder()} starts enabled. */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public Builder compressionLevel(int level) {
            if (level < 0 || level > 9) {
                throw new IllegalArgumentException("compressionLevel must be 0-9, was " + level);
            }
            this.compressionLevel = level;
            return this;
        }

        public Builder clientMaxWindowBits(int bits) {
            this.clientMaxWindowBits = windowBits(bits, "clientMaxWindowBits");
            return this;
        }

        public Builder serverMaxWindowBits(int bits) {
            this.serverMaxWindowBits = windowBits(bits, "serverMaxWindowBits");
            return this;
        }

        public Builder clientNoContextTakeover(boolean on) {
            this.clientNoContextTakeover = on;
            return this;
        }

        public Builder serverNoContextTakeover(boolean on) {
            this.serverNoContextTakeover = on;
            return this;
        }

        public Builder thresholdBytes(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("thresholdBytes must be >= 0, was " + bytes);
            }
            this.thresholdBytes = bytes;
            return this;
        }

        public Builder maxInflatedBytes(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxInflatedBytes must be >= 0 (0 = maxMessageBytes), was " + bytes);
            }
            this.maxInflatedBytes = bytes;
            return this;
        }

        public DeflateOptions build() {
            return new DeflateOptions(this);
        }

        private static int windowBits(int bits, String name) {
            if (bits < 8 || bits > 15) {
                throw new IllegalArgumentException(name + " must be 8-15, was " + bits);
            }
            return bits;
        }
    }
}
