package dev.pushwire.bench.jmh;

import java.nio.charset.StandardCharsets;

/** Text payloads for the micro-benchmarks, by name: {@code ascii-N} or {@code mixed-N} (N bytes of UTF-8). */
final class Payloads {
    private Payloads() {
    }

    /** The UTF-8 bytes named {@code spec}, e.g. "ascii-32", "mixed-65536" (about 1 in 8 characters non-ASCII). */
    static byte[] utf8(String spec) {
        String[] parts = spec.split("-");
        int size = Integer.parseInt(parts[1]);
        String unit = switch (parts[0]) {
            case "ascii" -> "pushwire bench: plain ASCII text ";
            case "mixed" -> "prix: 12€, Grüße, 日本 ";
            default -> throw new IllegalArgumentException(spec);
        };
        byte[] u = unit.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[size];
        int i = 0;
        while (i < size) {
            // copy whole characters only, then pad with ASCII so the result stays valid UTF-8
            int n = Math.min(u.length, size - i);
            if (n < u.length) {
                for (; i < size; i++) {
                    out[i] = '.';
                }
                break;
            }
            System.arraycopy(u, 0, out, i, n);
            i += n;
        }
        return out;
    }
}
