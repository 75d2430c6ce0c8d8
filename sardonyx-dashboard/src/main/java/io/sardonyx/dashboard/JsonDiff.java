package io.sardonyx.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The difference between two JSON-like values as a list of operations, each {@code {"op": "set", "path": [...],
 * "value": v}} or {@code {"op": "remove", "path": [...]}}; maps are compared key by key, anything else (lists
 * included) is replaced whole. The page applies the same operations to rebuild the replica entry by entry. Pure.
 */
public final class JsonDiff {
    private JsonDiff() {
    }

    /** The operations that turn {@code before} into {@code after}. */
    public static List<Map<String, Object>> diff(final Object before, final Object after) {
        final List<Map<String, Object>> ops = new ArrayList<>();
        diff(before, after, new ArrayList<>(), ops);
        return ops;
    }

    private static void diff(final Object before, final Object after, final List<String> path,
                             final List<Map<String, Object>> ops) {
        if (before instanceof Map<?, ?> a && after instanceof Map<?, ?> b) {
            for (final Map.Entry<?, ?> e : a.entrySet()) {
                if (!b.containsKey(e.getKey())) {
                    ops.add(op("remove", path, String.valueOf(e.getKey()), null));
                }
            }
            for (final Map.Entry<?, ?> e : b.entrySet()) {
                final String key = String.valueOf(e.getKey());
                if (!a.containsKey(e.getKey())) {
                    ops.add(op("set", path, key, e.getValue()));
                } else if (!Objects.equals(a.get(e.getKey()), e.getValue())) {
                    path.add(key);
                    diff(a.get(e.getKey()), e.getValue(), path, ops);
                    path.remove(path.size() - 1);
                }
            }
        } else if (!Objects.equals(before, after)) {
            final Map<String, Object> op = new LinkedHashMap<>();
            op.put("op", "set");
            op.put("path", List.copyOf(path));
            op.put("value", after);
            ops.add(op);
        }
    }

    private static Map<String, Object> op(final String kind, final List<String> path, final String key,
                                          final Object value) {
        final List<String> full = new ArrayList<>(path);
        full.add(key);
        final Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", kind);
        op.put("path", full);
        if ("set".equals(kind)) {
            op.put("value", value);
        }
        return op;
    }

    /** Applies operations to a copy of a value, as the page does. */
    @SuppressWarnings("unchecked")
    public static Object apply(final Object value, final List<Map<String, Object>> ops) {
        Object root = deepCopy(value);
        for (final Map<String, Object> op : ops) {
            final List<String> path = (List<String>) op.get("path");
            if (path.isEmpty()) {
                root = deepCopy(op.get("value"));
                continue;
            }
            Map<String, Object> at = (Map<String, Object>) root;
            for (int i = 0; i < path.size() - 1; i++) {
                at = (Map<String, Object>) at.get(path.get(i));
            }
            final String last = path.get(path.size() - 1);
            if ("remove".equals(op.get("op"))) {
                at.remove(last);
            } else {
                at.put(last, deepCopy(op.get("value")));
            }
        }
        return root;
    }

    private static Object deepCopy(final Object value) {
        if (value instanceof Map<?, ?> map) {
            final Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), deepCopy(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            final List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(deepCopy(v)));
            return out;
        }
        return value;
    }
}
