package io.sardonyx.runtime;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Task functions of the runtime tests. */
public final class Fns {
    private Fns() {
    }

    public static Map<String, Object> inc(final Map<String, Object> segment) {
        final Map<String, Object> out = new HashMap<>(segment);
        out.put("n", ((Number) segment.get("n")).longValue() + 1);
        return out;
    }

    public static Map<String, Object> identity(final Map<String, Object> segment) {
        return segment;
    }

    public static Map<String, Object> addParam(final Long amount, final Map<String, Object> segment) {
        final Map<String, Object> out = new HashMap<>(segment);
        out.put("n", ((Number) segment.get("n")).longValue() + amount);
        return out;
    }

    public static List<Map<String, Object>> twice(final Map<String, Object> segment) {
        return List.of(segment, segment);
    }

    static final java.util.concurrent.atomic.AtomicBoolean THREW = new java.util.concurrent.atomic.AtomicBoolean();

    /** Throws the first time it sees n = 7 (in this JVM), then behaves as inc. */
    public static Map<String, Object> incThrowOnce(final Map<String, Object> segment) {
        if (((Number) segment.get("n")).longValue() == 7 && THREW.compareAndSet(false, true)) {
            throw new IllegalStateException("seven, once");
        }
        return inc(segment);
    }

    static final java.util.concurrent.atomic.AtomicInteger CALLS = new java.util.concurrent.atomic.AtomicInteger();
    static final java.util.concurrent.atomic.AtomicBoolean THREW_AT_300 =
        new java.util.concurrent.atomic.AtomicBoolean();

    /** Counts its calls; throws the first time it sees n = 300 (in this JVM), then behaves as inc. */
    public static Map<String, Object> incCountingThrowOnce(final Map<String, Object> segment) {
        CALLS.incrementAndGet();
        if (((Number) segment.get("n")).longValue() == 300 && THREW_AT_300.compareAndSet(false, true)) {
            throw new IllegalStateException("three hundred, once");
        }
        return inc(segment);
    }

    static final java.util.concurrent.atomic.AtomicBoolean STUCK_ONCE =
        new java.util.concurrent.atomic.AtomicBoolean();
    static final java.util.concurrent.atomic.AtomicBoolean RELEASE = new java.util.concurrent.atomic.AtomicBoolean();

    /** The first time it sees n = 20 it hangs, ignoring interrupts, until released; otherwise it is inc. */
    public static Map<String, Object> incStuckOnce(final Map<String, Object> segment) {
        if (((Number) segment.get("n")).longValue() == 20 && STUCK_ONCE.compareAndSet(false, true)) {
            while (!RELEASE.get()) {
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
            }
        }
        return inc(segment);
    }

    public static Object drop(final Map<String, Object> segment) {
        return null;
    }

    /** Keeps segments whose n is even. */
    public static Map<String, Object> keepEven(final Map<String, Object> segment) {
        return ((Number) segment.get("n")).longValue() % 2 == 0 ? segment : null;
    }

    /** Returns what no task function may return. */
    public static Object text(final Map<String, Object> segment) {
        return "not a segment";
    }
}
