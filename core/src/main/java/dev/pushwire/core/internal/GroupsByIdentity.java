package dev.pushwire.core.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Items grouped by a key compared by identity (an event loop, a thread), the groups in the order their keys first
 * came and each group in the order its items came. Made for a fan-out that hands one task per thread: a handful of
 * keys, so a list searched from the last key used is cheaper than a map (consecutive items mostly share a key).
 *
 * <p>Not thread-safe: one per fan-out, filled and read by the caller's thread.
 *
 * @param <K> the key (compared with {@code ==})
 * @param <T> the items
 */
public final class GroupsByIdentity<K, T> {
    private final List<K> keys = new ArrayList<>(4);
    private final List<List<T>> groups = new ArrayList<>(4);
    private int last = -1;

    /** Adds {@code item} to the group of {@code key}, which is made when it is the first of its key. */
    public void add(K key, T item) {
        if (last < 0 || keys.get(last) != key) {
            last = indexOf(key);
            if (last < 0) {
                keys.add(key);
                groups.add(new ArrayList<>());
                last = keys.size() - 1;
            }
        }
        groups.get(last).add(item);
    }

    /** How many groups (distinct keys) there are. */
    public int size() {
        return keys.size();
    }

    /** Whether nothing was added. */
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The key of group {@code i}, {@code 0 <= i < size()}. */
    public K key(int i) {
        return keys.get(i);
    }

    /** The items of group {@code i}, never empty; the list itself, not a copy. */
    public List<T> group(int i) {
        return groups.get(i);
    }

    private int indexOf(K key) {
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i) == key) {
                return i;
            }
        }
        return -1;
    }
}
