package io.sardonyx.log;

import io.sardonyx.job.JsonValues;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an entry changed, in a few JSON-like values named as Onyx names them ({@code observer}, {@code subject},
 * {@code died}…): the input of reactions and effects, and what the dashboard shows per entry. Empty when the
 * entry changed nothing (a duplicate or stale entry).
 *
 * @param values the changes
 */
public record Diff(Map<String, Object> values) {
    /** No change. */
    public static final Diff NONE = new Diff(Map.of());

    public Diff {
        values = JsonValues.freezeMap(values, "diff");
    }

    /** A diff of alternating keys and values. */
    public static Diff of(final Object... keysAndValues) {
        final Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Diff(values);
    }

    /** True when the entry changed nothing. */
    public boolean none() {
        return values.isEmpty();
    }

    /** A string value, or null. */
    public String string(final String key) {
        return values.get(key) instanceof String s ? s : null;
    }
}
