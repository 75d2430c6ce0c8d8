package io.sardonyx.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A log fit to share: every task name is replaced by {@code t0, t1…} wherever it appears, everything else (the
 * shape of the cluster and of each job) stays. Job definitions (functions, plugin settings) are not in the log, so
 * nothing of them leaks. Pure.
 */
public final class Stripping {
    private Stripping() {
    }

    /** The entries with task names replaced consistently. */
    public static List<Object> strip(final List<Object> entries) {
        final Map<String, String> names = new LinkedHashMap<>();
        for (final Object entry : entries) {
            if (entry instanceof Map<?, ?> e && "submit-job".equals(e.get("fn")) && e.get("args") instanceof Map<?, ?> a
                && a.get("tasks") instanceof List<?> tasks) {
                for (final Object task : tasks) {
                    if (task instanceof Map<?, ?> t && t.get("name") instanceof String name) {
                        names.putIfAbsent(name, "t" + names.size());
                    }
                }
            }
        }
        final List<Object> out = new ArrayList<>(entries.size());
        entries.forEach(e -> out.add(replace(e, names)));
        return out;
    }

    private static Object replace(final Object value, final Map<String, String> names) {
        if (value instanceof String s) {
            return names.getOrDefault(s, s);
        }
        if (value instanceof Map<?, ?> map) {
            final Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(names.getOrDefault(String.valueOf(k), String.valueOf(k)), replace(v, names)));
            return out;
        }
        if (value instanceof List<?> list) {
            final List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(replace(v, names)));
            return out;
        }
        return value;
    }
}
