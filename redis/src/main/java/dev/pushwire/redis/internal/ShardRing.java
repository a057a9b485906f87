package dev.pushwire.redis.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Consistent hashing of channel names onto shards: each shard owns {@link #VIRTUAL_NODES} points of a 64-bit ring
 * (hashes of its name and the point's number); a channel belongs to the first point at or after its own hash. Every
 * node given the same shard names builds the same ring, whatever their order, and adding a shard moves only about
 * 1/n of the channels. Immutable, thread safe.
 */
public final class ShardRing {
    /** Points per shard: enough for an even spread (a few percent) over a handful of shards. */
    static final int VIRTUAL_NODES = 160;

    private final TreeMap<Long, Integer> ring = new TreeMap<>();
    private final int shards;

    /** @param names one stable name per shard (e.g. {@code host:port/db}), index = shard number */
    public ShardRing(List<String> names) {
        this.shards = names.size();
        for (int shard = 0; shard < names.size(); shard++) {
            for (int v = 0; v < VIRTUAL_NODES; v++) {
                ring.putIfAbsent(hash(names.get(shard) + "#" + v), shard);
            }
        }
    }

    /** The shard number of {@code channel}. */
    public int shardOf(String channel) {
        if (shards == 1) {
            return 0;
        }
        Map.Entry<Long, Integer> e = ring.ceilingEntry(hash(channel));
        return (e != null ? e : ring.firstEntry()).getValue();
    }

    /** FNV-1a over UTF-8, then a 64-bit finalizer (from MurmurHash3) to spread similar names. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
