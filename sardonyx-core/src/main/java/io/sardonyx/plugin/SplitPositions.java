package io.sardonyx.plugin;

import io.sardonyx.job.KeyGroups;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An input's position by split, so it can move between peers: record i (a line, an element) belongs to split
 * {@code i mod splits} (the job's key groups), and a slot reads the contiguous range of splits {@link KeyGroups} gives
 * it. For each split it owns it keeps the index of the first record not yet read from it; a slot that takes over
 * splits from several earlier slots, each at its own position, starts at the lowest and skips what each had read.
 * Pure.
 */
final class SplitPositions {
    private final String input;
    private final int splits;
    private final int first;
    private final long[] next;

    /**
     * @param input names the input in errors
     */
    SplitPositions(final String input, final PluginContext context) {
        this.input = input;
        this.splits = context.keyGroups();
        this.first = KeyGroups.first(context.slot(), context.peers(), splits);
        this.next = new long[KeyGroups.end(context.slot(), context.peers(), splits) - first];
    }

    /** True when this slot owns no split (more peers than splits): it reads nothing. */
    boolean none() {
        return next.length == 0;
    }

    /** The index to start reading at: every earlier record was read already, by this slot or the ones before. */
    long start() {
        long least = Long.MAX_VALUE;
        for (final long n : next) {
            least = Math.min(least, n);
        }
        return least;
    }

    /** True when this slot emits record {@code index}: its split is this slot's and the record was not read yet. */
    boolean take(final long index) {
        final int split = (int) Math.floorMod(index, (long) splits) - first;
        return split >= 0 && split < next.length && index >= next[split];
    }

    /** The state once every record before {@code position} was read or skipped. */
    Object checkpoint(final long position) {
        final List<Object> positions = new ArrayList<>(next.length);
        for (final long n : next) {
            positions.add(Math.max(n, position));
        }
        return state(splits, first, positions);
    }

    private static Map<String, Object> state(final int splits, final int first, final List<Object> positions) {
        final Map<String, Object> out = new LinkedHashMap<>(4);
        out.put("splits", (long) splits);
        out.put("first", (long) first);
        out.put("next", positions);
        return out;
    }

    /**
     * Moves to a state {@link #checkpoint} or {@link #merge} made; null means the beginning.
     *
     * @throws IllegalStateException naming the input when the state is not one of its positions or misses a split
     */
    void recover(final Object state) {
        Arrays.fill(next, 0);
        if (state == null) {
            return;
        }
        final Parsed parsed = parse(state);
        for (int i = 0; i < next.length; i++) {
            final int at = first + i - parsed.first;
            if (at < 0 || at >= parsed.next.length) {
                throw new IllegalStateException(input + ": the checkpoint covers splits " + parsed.first + " to "
                    + (parsed.first + parsed.next.length - 1) + " but this slot reads split " + (first + i));
            }
            next[i] = parsed.next[at];
        }
    }

    /**
     * Every earlier slot's positions as one state over all splits; an earlier slot that had none (it started fresh)
     * is at the beginning of its splits.
     */
    Object merge(final List<Object> states) {
        final List<Object> all = new ArrayList<>(splits);
        for (int i = 0; i < splits; i++) {
            all.add(0L);
        }
        for (final Object state : states) {
            if (state != null) {
                final Parsed parsed = parse(state);
                for (int i = 0; i < parsed.next.length; i++) {
                    all.set(parsed.first + i, parsed.next[i]);
                }
            }
        }
        return state(splits, 0, all);
    }

    private record Parsed(int first, long[] next) {
    }

    private Parsed parse(final Object state) {
        if (!(state instanceof Map<?, ?> map) || !(map.get("splits") instanceof Long n)
            || !(map.get("first") instanceof Long from) || !(map.get("next") instanceof List<?> positions)) {
            throw new IllegalStateException(input + ": the checkpoint is not a position by split (was it written by an "
                + "earlier build, or by another plugin?): " + state);
        }
        if (n != splits) {
            throw new IllegalStateException(input + ": the checkpoint splits the input into " + n + " and this job "
                + "into " + splits + " (its key groups); state moves only between jobs with as many");
        }
        final long[] out = new long[positions.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(positions.get(i) instanceof Long p) || p < 0) {
                throw new IllegalStateException(input + ": the checkpoint's position " + i + " is not a count: "
                    + positions.get(i));
            }
            out[i] = p;
        }
        if (from < 0 || from + out.length > splits) {
            throw new IllegalStateException(input + ": the checkpoint covers splits beyond the " + splits
                + " there are");
        }
        return new Parsed(from.intValue(), out);
    }
}
