package io.sardonyx.job;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of a job section (a catalog task, a flow condition, a lifecycle, a window or a trigger): an
 * immutable map keyed by Onyx's key names, with typed reads. Reads assume the job has been validated; on an
 * unvalidated entry a read of a mistyped key throws {@link IllegalStateException} naming the key.
 */
public interface JobEntry {
    /** The entry's keys and values, in the order they were written. */
    Map<String, Object> attributes();

    /** The raw value of a key, or null when absent. */
    default Object get(final String key) {
        return attributes().get(key);
    }

    /** True when the key is present (even with a null value). */
    default boolean has(final String key) {
        return attributes().containsKey(key);
    }

    /** A string value, or empty when absent. */
    default Optional<String> string(final String key) {
        final Object value = get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String s) {
            return Optional.of(s);
        }
        throw mistyped(key, "a string");
    }

    /** An integer value, or the default when absent. */
    default long integer(final String key, final long defaultValue) {
        final Object value = get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Long l) {
            return l;
        }
        throw mistyped(key, "an integer");
    }

    /** A boolean value, or the default when absent. */
    default boolean flag(final String key, final boolean defaultValue) {
        final Object value = get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw mistyped(key, "true or false");
    }

    /** A list of strings; a lone string reads as a list of one; absent reads as an empty list. */
    default List<String> strings(final String key) {
        final Object value = get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            return List.of(s);
        }
        if (JsonValues.isStringList(value)) {
            @SuppressWarnings("unchecked")
            final List<String> list = (List<String>) value;
            return list;
        }
        throw mistyped(key, "a list of strings");
    }

    private IllegalStateException mistyped(final String key, final String expected) {
        return new IllegalStateException(
            "\"" + key + "\" should be " + expected + " but is " + JsonValues.describe(get(key))
                + "; validate the job before reading it");
    }
}
