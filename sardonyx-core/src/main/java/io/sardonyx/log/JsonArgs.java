package io.sardonyx.log;

import io.sardonyx.job.JsonValues;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of a log entry's JSON arguments; a missing or mistyped key throws
 * {@link IllegalArgumentException} naming the entry and the key, so a corrupt entry is refused, never guessed.
 */
public final class JsonArgs {
    private final String what;
    private final Map<String, Object> args;

    /**
     * @param what what the arguments belong to, for messages (e.g. {@code "submit-job"})
     * @param args the arguments
     */
    public JsonArgs(final String what, final Map<String, Object> args) {
        this.what = what;
        this.args = args;
    }

    private Object required(final String key) {
        if (!args.containsKey(key)) {
            throw new IllegalArgumentException(what + ": argument \"" + key + "\" is missing");
        }
        return args.get(key);
    }

    private IllegalArgumentException mistyped(final String key, final String expected) {
        return new IllegalArgumentException(what + ": argument \"" + key + "\" must be " + expected + ", got "
            + JsonValues.describe(args.get(key)));
    }

    public String string(final String key) {
        if (required(key) instanceof String s) {
            return s;
        }
        throw mistyped(key, "a string");
    }

    /** A string that may be absent or null. */
    public String optionalString(final String key) {
        final Object value = args.get(key);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw mistyped(key, "a string");
    }

    public long longValue(final String key) {
        if (required(key) instanceof Long l) {
            return l;
        }
        throw mistyped(key, "an integer");
    }

    /** An integer that may be absent, else the fallback. */
    public long optionalLong(final String key, final long fallback) {
        return args.containsKey(key) ? longValue(key) : fallback;
    }

    public boolean bool(final String key) {
        if (required(key) instanceof Boolean b) {
            return b;
        }
        throw mistyped(key, "true or false");
    }

    @SuppressWarnings("unchecked")
    public List<String> strings(final String key) {
        if (JsonValues.isStringList(required(key))) {
            return (List<String>) args.get(key);
        }
        throw mistyped(key, "a list of strings");
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(final String key) {
        if (required(key) instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw mistyped(key, "a map");
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> maps(final String key) {
        if (required(key) instanceof List<?> list && list.stream().allMatch(Map.class::isInstance)) {
            return (List<Map<String, Object>>) list;
        }
        throw mistyped(key, "a list of maps");
    }
}
