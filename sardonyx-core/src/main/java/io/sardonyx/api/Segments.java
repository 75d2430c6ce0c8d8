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

    /** A new segment of one entry, in the array map segments travel in (cheaper to make and copy than Map.of). */
    public static Map<String, Object> of(final String k1, final Object v1) {
        final SegmentMap map = new SegmentMap(1);
        map.put(k1, v1);
        return map;
    }

    /** A new segment of two entries (a later duplicate key replaces the value). */
    public static Map<String, Object> of(final String k1, final Object v1, final String k2, final Object v2) {
        final SegmentMap map = new SegmentMap(2);
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    /** A new segment of three entries. */
    public static Map<String, Object> of(final String k1, final Object v1, final String k2, final Object v2,
                                         final String k3, final Object v3) {
        final SegmentMap map = new SegmentMap(3);
        map.put(k1, v1);
        map.put(k2, v2);
        map.put(k3, v3);
        return map;
    }

    /** A new segment of four entries. */
    @SuppressWarnings("checkstyle:ParameterNumber")
    public static Map<String, Object> of(final String k1, final Object v1, final String k2, final Object v2,
                                         final String k3, final Object v3, final String k4, final Object v4) {
        final SegmentMap map = new SegmentMap(4);
        map.put(k1, v1);
        map.put(k2, v2);
        map.put(k3, v3);
        map.put(k4, v4);
        return map;
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
