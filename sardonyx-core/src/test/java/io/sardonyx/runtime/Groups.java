package io.sardonyx.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Group-by and batch functions of the runtime tests. */
public final class Groups {
    private Groups() {
    }

    public static Object firstLetter(final Map<String, Object> segment) {
        return String.valueOf(segment.get("name")).substring(0, 1);
    }

    public static List<Object> doubleAll(final List<Map<String, Object>> batch) {
        final List<Object> out = new ArrayList<>();
        for (final Map<String, Object> segment : batch) {
            out.add(Map.of("n", (Long) segment.get("n") * 2));
        }
        return out;
    }

    /** Passes a batch through after 5 ms of (simulated) work: a job slow enough to change its peers under. */
    public static List<Object> slowly(final List<Map<String, Object>> batch) {
        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        return new ArrayList<>(batch);
    }

    public static Map<String, Object> huge(final Map<String, Object> segment) {
        return Map.of("n", segment.get("n"), "blob", "x".repeat(20_000));
    }

    public static Map<String, Object> alwaysThrows(final Map<String, Object> segment) {
        throw new IllegalArgumentException("cannot handle " + segment);
    }
}
