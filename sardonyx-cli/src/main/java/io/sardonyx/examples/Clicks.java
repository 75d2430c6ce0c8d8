package io.sardonyx.examples;

import java.util.LinkedHashMap;
import java.util.Map;

/** The grouped windowed count example: clicks per user per minute. */
public final class Clicks {
    private Clicks() {
    }

    /** Event time of a click, in epoch milliseconds. */
    public static long eventTime(final Map<String, Object> segment) {
        return ((Number) segment.get("time")).longValue();
    }

    /** Trigger emit: the count of one user's clicks in one minute. */
    public static Map<String, Object> emitCount(final Map<String, Object> fired, final Object count) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", fired.get("group-key"));
        out.put("window-start", fired.get("lower-bound"));
        out.put("window-end", fired.get("upper-bound"));
        out.put("clicks", count);
        return out;
    }
}
