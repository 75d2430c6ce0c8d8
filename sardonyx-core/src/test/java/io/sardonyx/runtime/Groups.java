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

    public static Map<String, Object> huge(final Map<String, Object> segment) {
        return Map.of("n", segment.get("n"), "blob", "x".repeat(20_000));
    }

    public static Map<String, Object> alwaysThrows(final Map<String, Object> segment) {
        throw new IllegalArgumentException("cannot handle " + segment);
    }
}
