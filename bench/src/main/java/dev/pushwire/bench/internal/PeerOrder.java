package dev.pushwire.bench.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The order in which a run of {@code bench ws} starts its peers. The peers share one machine, one after the other,
 * and a run's first peer meets a different machine (page cache, CPU frequency, other work) than its last: issue 16
 * saw Pushwire come out lower in the runs where it went first. {@link #ALTERNATE} (the default) therefore runs the
 * given order in odd runs and the reverse in even runs, so two runs give every peer one early and one late slot;
 * {@link #GIVEN} keeps the given order in every run. Immutable.
 */
public enum PeerOrder {
    /** Odd runs (1, 3, ...) in the given order, even runs (2, 4, ...) reversed. */
    ALTERNATE,
    /** The given order in every run. */
    GIVEN;

    /** The peers of run {@code run} (counted from 1) in the order they run. */
    public <T> List<T> forRun(List<T> given, int run) {
        if (run < 1) {
            throw new IllegalArgumentException("runs are counted from 1, was " + run);
        }
        List<T> order = new ArrayList<>(given);
        if (this == ALTERNATE && run % 2 == 0) {
            Collections.reverse(order);
        }
        return List.copyOf(order);
    }

    /** Parses {@code alternate} or {@code given} (any case). */
    public static PeerOrder parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--order must be alternate or given, was " + s);
        }
    }
}
