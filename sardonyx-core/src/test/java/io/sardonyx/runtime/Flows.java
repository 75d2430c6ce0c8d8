package io.sardonyx.runtime;

import java.util.Map;

/** Flow predicates and post-transforms of the runtime tests. */
public final class Flows {
    private Flows() {
    }

    public static boolean colorIs(final Map<String, Object> segment, final String color) {
        return color.equals(segment.get("color"));
    }

    public static boolean isBig(final Map<String, Object> segment) {
        return Boolean.TRUE.equals(segment.get("big"));
    }

    public static boolean isGreen(final Map<String, Object> old, final Map<String, Object> segment) {
        return "green".equals(segment.get("color")) && old.containsKey("color");
    }

    /** The people of the people-flow test, from a seq supplier. */
    public static java.util.List<Map<String, Object>> people() {
        return java.util.List.of(
            Map.of("name", "Mike", "age", 23L, "job", "athlete"),
            Map.of("name", "Dorrene", "age", 24L, "job", "police"),
            Map.of("name", "Benti", "age", 16L, "job", "none"),
            Map.of("name", "John", "age", 19L, "job", "athlete"),
            Map.of("name", "Shannon", "age", 58L, "job", "none"),
            Map.of("name", "Kristen", "age", 17L, "job", "athlete"),
            Map.of("name", "Benti", "age", 32L, "job", "police"));
    }

    public static boolean isChild(final Map<String, Object> person) {
        return (Long) person.get("age") < 18;
    }

    public static boolean isAdult(final Map<String, Object> person) {
        return (Long) person.get("age") >= 18;
    }

    public static boolean hasJob(final Map<String, Object> person, final String job) {
        return job.equals(person.get("job"));
    }

    public static boolean isArithmetic(final Throwable e) {
        return e instanceof ArithmeticException;
    }

    public static boolean isIllegalState(final Map<String, Object> old, final Throwable e) {
        return e instanceof IllegalStateException && old.containsKey("n");
    }

    public static Map<String, Object> errorValue(final Map<String, Object> segment, final Throwable e) {
        return Map.of("error?", true, "value", segment.get("n"));
    }

    public static Map<String, Object> errorAbc(final Map<String, Object> segment, final Throwable e) {
        return Map.of("error?", true, "value", "abc");
    }

    /** Throws on even n (arithmetic) and on 5 (illegal state); otherwise increments. */
    public static Map<String, Object> incOrThrow(final Map<String, Object> segment) {
        final long n = (Long) segment.get("n");
        if (n == 5) {
            throw new IllegalStateException("five");
        }
        if (n % 2 == 0) {
            throw new ArithmeticException("even " + n);
        }
        return Map.of("n", n + 1);
    }
}
