package io.sardonyx.bench;

import io.sardonyx.api.Segments;
import java.util.HashMap;
import java.util.Map;

/** The function of Onyx's benchmark job. */
public final class BenchFns {
    private BenchFns() {
    }

    /** {@code n + 1}, keeping the rest of the segment: Onyx's {@code (update segment :n inc)}. */
    public static Map<String, Object> inc(final Map<String, Object> segment) {
        return Segments.assoc(segment, "n", (Long) segment.get("n") + 1);
    }

    /** The same as {@link #inc} by a HashMap copy: what a function that does not use {@link Segments} costs. */
    public static Map<String, Object> incByHashMap(final Map<String, Object> segment) {
        final Map<String, Object> out = new HashMap<>(segment);
        out.put("n", (Long) segment.get("n") + 1);
        return out;
    }

    /** Trigger emit of the window benchmark: one segment per fired key and second. */
    public static Map<String, Object> emitCount(final Map<String, Object> fired, final Object count) {
        return Map.of("key", fired.get("group-key"), "lower", fired.get("lower-bound"), "count", count);
    }
}
