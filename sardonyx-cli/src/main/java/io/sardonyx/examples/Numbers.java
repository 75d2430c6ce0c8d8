package io.sardonyx.examples;

import java.util.LinkedHashMap;
import java.util.Map;

/** Functions over segments of the form {@code {"n": 1}}. */
public final class Numbers {
    private Numbers() {
    }

    /** Adds one to {@code n}. */
    public static Map<String, Object> inc(final Map<String, Object> segment) {
        return with(segment, "n", n(segment) + 1);
    }

    /** Multiplies {@code n} by the task's {@code "numbers/factor"} parameter. */
    public static Map<String, Object> scale(final long factor, final Map<String, Object> segment) {
        return with(segment, "n", n(segment) * factor);
    }

    /**
     * Classifies {@code n}: adds {@code "parity"}; throws for negative numbers, so the example can route
     * failures with a thrown-exception flow condition.
     */
    public static Map<String, Object> classify(final Map<String, Object> segment) {
        final long n = n(segment);
        if (n < 0) {
            throw new IllegalArgumentException("negative number " + n);
        }
        return with(segment, "parity", n % 2 == 0 ? "even" : "odd");
    }

    /** Flow predicate: the new segment's {@code n} is even. */
    public static boolean isEven(final Map<String, Object> segment) {
        return n(segment) % 2 == 0;
    }

    /** Flow predicate with a parameter: the new segment's {@code n} is above the condition's limit. */
    public static boolean above(final Map<String, Object> segment, final long limit) {
        return n(segment) > limit;
    }

    /** Exception predicate: the function rejected its input. */
    public static boolean isRejected(final Throwable exception) {
        return exception instanceof IllegalArgumentException;
    }

    /** Post-transform: the segment sent to the error output instead of the failed one. */
    public static Map<String, Object> describeFailure(final Map<String, Object> segment, final Throwable exception) {
        final Map<String, Object> out = new LinkedHashMap<>(segment);
        out.put("error", exception.getMessage());
        return out;
    }

    /**
     * Keys a number for a grouped window: {@code key} is {@code n} modulo the task's {@code "numbers/keys"}
     * parameter, and {@code t}, its event time in milliseconds, is {@code n} itself.
     */
    public static Map<String, Object> keyed(final long keys, final Map<String, Object> segment) {
        final long n = n(segment);
        return Map.of("n", n, "key", n % keys, "t", n);
    }

    /** Watermark function: the event time of {@code {"n": n}} is n milliseconds. */
    public static long t(final Map<String, Object> segment) {
        return n(segment);
    }

    /** Trigger emit: one line per fired extent, {@code {"key", "lower", "count"}}. */
    public static Map<String, Object> emitKeyCount(final Map<String, Object> fired, final Object count) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", fired.get("group-key"));
        out.put("lower", fired.get("lower-bound"));
        out.put("count", count);
        return out;
    }

    /** Trigger emit for a kafka output: {@link #emitKeyCount}'s line as the message, keyed by the key. */
    public static Map<String, Object> emitKeyCountMessage(final Map<String, Object> fired, final Object count) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", fired.get("group-key"));
        out.put("message", emitKeyCount(fired, count));
        return out;
    }

    private static long n(final Map<String, Object> segment) {
        return ((Number) segment.get("n")).longValue();
    }

    private static Map<String, Object> with(final Map<String, Object> segment, final String key, final Object value) {
        final Map<String, Object> out = new LinkedHashMap<>(segment);
        out.put(key, value);
        return out;
    }
}
