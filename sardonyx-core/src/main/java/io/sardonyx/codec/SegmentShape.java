package io.sardonyx.codec;

import java.util.Map;

/**
 * The keys, in order, of the last whole segment of a message written or read, for the segments after it. One per
 * message being written or read; {@link #reset} at the start of each.
 */
public final class SegmentShape {
    private static final String[] NONE = new String[0];
    private String[] keys = NONE;
    private int size = -1;

    int size() {
        return size;
    }

    String[] keys() {
        return keys;
    }

    /** Forgets the keys: the next segment is written (or must be read) whole. */
    public void reset() {
        size = -1;
        keys = NONE;
    }

    /**
     * The segment's keys in the order written (at most {@link SegmentMap#MAX_KEYS}: a decoded map with more is a
     * HashMap, whose order is not the wire's); a decoded map's keys array is shared with the maps read after it,
     * a written one's copied (the writer does not own what it sends).
     */
    void record(final Map<String, Object> segment, final boolean read) {
        if (segment.size() > SegmentMap.MAX_KEYS) {
            reset();
        } else if (read && segment instanceof SegmentMap small) {
            keys = small.shareKeys();
            size = small.size();
        } else {
            final String[] k = new String[segment.size()];
            int i = 0;
            for (final Object key : segment.keySet()) {
                k[i++] = (String) key;
            }
            keys = k;
            size = k.length;
        }
    }
}
