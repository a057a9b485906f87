package dev.pushwire.bench.internal.cluster;

import java.nio.charset.StandardCharsets;

/** Finds fields in the ASCII JSON the cluster benchmark exchanges, without decoding it. Stateless; any thread. */
final class Bytes {
    static final byte[] PUBLICATION = ascii("\"type\":\"publication\"");
    static final byte[] ID = ascii("\"id\":");
    static final byte[] ERROR_FIELD = ascii("\"error\":");
    static final byte[] INTERNAL = ascii("\"code\":\"internal\"");
    static final byte[] P = ascii("\"p\":");
    static final byte[] S = ascii("\"s\":");
    static final byte[] T = ascii("\"t\":");

    private Bytes() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Where {@code needle} first occurs in {@code text[0..length)}, or -1. */
    static int indexOf(byte[] text, int length, byte[] needle) {
        outer:
        for (int i = 0; i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (text[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The non-negative integer right after the first {@code key} (e.g. {@code "s":}), or -1 when there is none. */
    static long numberAfter(byte[] text, int length, byte[] key) {
        int at = indexOf(text, length, key);
        if (at < 0) {
            return -1;
        }
        int i = at + key.length;
        while (i < length && text[i] == ' ') {
            i++;
        }
        long n = 0;
        int digits = 0;
        while (i < length && text[i] >= '0' && text[i] <= '9') {
            n = n * 10 + (text[i] - '0');
            i++;
            digits++;
        }
        return digits == 0 ? -1 : n;
    }
}
