package io.sardonyx.job;

import io.sardonyx.codec.JsonText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON-like values a job (and a segment) may hold: null, Boolean, Long, Double, String, List and Map with
 * String keys. {@link #normalize} turns what a Java caller passes (Integer, arrays, any Collection) into exactly
 * those types, deeply immutable, so a job built in Java equals the same job read from JSON.
 */
public final class JsonValues {
    private JsonValues() {
    }

    /**
     * Returns the value as a deeply immutable JSON-like value.
     *
     * @throws IllegalArgumentException naming {@code where} when the value is not JSON-like
     */
    public static Object normalize(final Object value, final String where) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            final double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(where + ": " + d + " has no JSON form");
            }
            return d;
        }
        if (value instanceof BigInteger big) {
            if (big.bitLength() > 63) {
                throw new IllegalArgumentException(where + ": " + big + " does not fit in a 64-bit integer");
            }
            return big.longValue();
        }
        if (value instanceof BigDecimal dec) {
            return normalize(dec.doubleValue(), where);
        }
        if (value instanceof CharSequence chars) {
            return chars.toString();
        }
        if (value instanceof Map<?, ?> map) {
            return freezeMap(map, where);
        }
        if (value instanceof Collection<?> items) {
            final List<Object> copy = new ArrayList<>(items.size());
            int i = 0;
            for (final Object item : items) {
                copy.add(normalize(item, where + "[" + i++ + "]"));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Object[] array) {
            return normalize(List.of(array), where);
        }
        throw new IllegalArgumentException(
            where + ": a " + value.getClass().getName() + " is not a JSON value (use null, boolean, number, "
                + "string, list or map)");
    }

    /** Returns an immutable, order-keeping copy whose values are normalized. */
    public static Map<String, Object> freezeMap(final Map<?, ?> map, final String where) {
        final Map<String, Object> copy = new LinkedHashMap<>();
        for (final Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException(where + ": map key " + entry.getKey() + " is not a string");
            }
            copy.put(key, normalize(entry.getValue(), where + "." + key));
        }
        return Collections.unmodifiableMap(copy);
    }

    /** Describes a value for an error message: {@code the string "x"}, {@code the number 0}, {@code a list}. */
    public static String describe(final Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "the string " + JsonText.write(s);
        }
        if (value instanceof Boolean || value instanceof Number) {
            return (value instanceof Boolean ? "" : "the number ") + value;
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "an empty list" : "a list";
        }
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? "an empty map" : "a map";
        }
        return "a " + value.getClass().getSimpleName();
    }

    /** True for a JSON integer: a Long (what {@link #normalize} produces for every integral type). */
    public static boolean isInteger(final Object value) {
        return value instanceof Long;
    }

    /** True for a list whose every element is a string. */
    public static boolean isStringList(final Object value) {
        if (!(value instanceof List<?> list)) {
            return false;
        }
        for (final Object item : list) {
            if (!(item instanceof String)) {
                return false;
            }
        }
        return true;
    }
}
