package io.sardonyx.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Functions the window tests name. */
public final class WindowFns {
    /** What sync triggers saw: window id, group, bounds, state. */
    static final ConcurrentLinkedQueue<List<Object>> SYNCED = new ConcurrentLinkedQueue<>();

    private WindowFns() {
    }

    public static long eventTime(final Map<String, Object> segment) {
        return (Long) segment.get("t");
    }

    /** Emits one segment describing the fired extent. */
    public static Map<String, Object> emit(final Map<String, Object> fired, final Object state) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("window", fired.get("window/id"));
        out.put("trigger", fired.get("trigger/id"));
        out.put("event", fired.get("event-type"));
        out.put("group", fired.get("group-key"));
        out.put("lower", fired.get("lower-bound"));
        out.put("upper", fired.get("upper-bound"));
        out.put("state", state);
        return out;
    }

    public static void sync(final Map<String, Object> fired, final Object state) {
        SYNCED.add(List.of(fired.get("window/id"), String.valueOf(fired.get("group-key")),
            fired.get("lower-bound"), fired.get("upper-bound"), state));
    }

    /** Punctuation: a segment marked end closes its extents. */
    public static boolean isEnd(final Map<String, Object> segment) {
        return Boolean.TRUE.equals(segment.get("end"));
    }

    static final java.util.concurrent.atomic.AtomicBoolean THREW = new java.util.concurrent.atomic.AtomicBoolean();

    /** {@code {"n": n}} → key n mod 7, event time n; throws once at n = 1200 (the lifecycle says restart). */
    public static Map<String, Object> keyedThrowOnce(final Map<String, Object> segment) {
        final long n = (Long) segment.get("n");
        if (n == 1200 && THREW.compareAndSet(false, true)) {
            throw new IllegalStateException("thrown once at 1200");
        }
        return Map.of("n", n, "user", n % 7, "t", n);
    }

    public static long nTime(final Map<String, Object> segment) {
        return (Long) segment.get("n");
    }

    public static Map<String, Object> identity(final Map<String, Object> segment) {
        return segment;
    }
}
