package io.sardonyx.api;

import io.sardonyx.codec.SegmentMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a segment function does to the segment it was given, without changing it: Onyx's {@code assoc},
 * {@code update} and {@code dissoc} for Java maps. Each returns a new map and leaves its argument as it was (a
 * segment may be shared: retried, fanned out to several tasks, held by a window). Segments with few keys travel in an
 * array map, which these copy as two short arrays: several times cheaper than {@code new HashMap<>(segment)}, which
 * hashes every key into a new table.
 *
 * <pre>{@code
 * public static Map<String, Object> inc(Map<String, Object> segment) {
 *     return Segments.update(segment, "n", n -> (Long) n + 1);
 * }
 * }</pre>
 */
public final class Segments {
    private Segments() {
    }

    /** The segment with {@code key} set to {@code value}. */
    public static Map<String, Object> assoc(final Map<String, Object> segment, final String key, final Object value) {
        return SegmentMap.with(Objects.requireNonNull(segment, "segment"), key, value);
    }

    /** The segment with {@code key} set to what {@code fn} makes of its value (null when absent). */
    public static Map<String, Object> update(final Map<String, Object> segment, final String key,
                                             final UnaryOperator<Object> fn) {
        Objects.requireNonNull(segment, "segment");
        return SegmentMap.with(segment, key, fn.apply(segment.get(key)));
    }

    /** The segment without {@code key}. */
    public static Map<String, Object> dissoc(final Map<String, Object> segment, final String key) {
        return SegmentMap.without(Objects.requireNonNull(segment, "segment"), key);
    }
}
