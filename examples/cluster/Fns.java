package com.acme;

import java.util.HashMap;
import java.util.Map;

/** A job's own functions: plain static methods over segments, compiled into a jar the peers load. */
public final class Fns {
    private Fns() {
    }

    /** Adds one to {@code n}, in a new segment (the one given is never changed). */
    public static Map<String, Object> inc(final Map<String, Object> segment) {
        final Map<String, Object> out = new HashMap<>(segment);
        out.put("n", ((Number) segment.get("n")).longValue() + 1);
        return out;
    }
}
