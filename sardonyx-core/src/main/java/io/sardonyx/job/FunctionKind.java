package io.sardonyx.job;

/**
 * The kinds of user code a job names, each with the shape it must have. {@link FunctionChecker} checks a
 * reference against its kind; the texts here are what an error shows as "what would be right".
 */
public enum FunctionKind {
    /** {@code onyx/fn}: {@code static Object f(params..., Map segment)}, or a SegmentFunction class. */
    TASK_FN("a public static method taking the onyx/params values then the segment (Map<String, Object>) and "
        + "returning a Map, a List of Maps or null, or a class implementing io.sardonyx.api.SegmentFunction"),
    /** {@code onyx/fn} with {@code onyx/batch-fn? true}: {@code static List f(params..., List batch)}. */
    BATCH_FN("a public static method taking the onyx/params values then the batch (List<Map<String, Object>>) "
        + "and returning a List of the same length"),
    /** {@code onyx/group-by-fn}: {@code static Object f(Map segment)}. */
    GROUP_BY_FN("a public static method taking the segment (Map<String, Object>) and returning its group"),
    /** {@code flow/predicate}: {@code static boolean p([Map old,] Map new, params...)}. */
    FLOW_PREDICATE("a public static method returning boolean and taking the new segment, or the old and the new "
        + "segment (Map<String, Object>), then the values of its parameter keys"),
    /** {@code flow/predicate} of a {@code flow/thrown-exception? true} condition. */
    EXCEPTION_PREDICATE("a public static method returning boolean and taking the exception (Throwable), or the "
        + "old segment (Map<String, Object>) and the exception, then the values of its parameter keys"),
    /** {@code flow/post-transform}: {@code static Map f(Map segment, Throwable e)}. */
    POST_TRANSFORM("a public static method taking the segment (Map<String, Object>) and the exception "
        + "(Throwable) and returning the segment to send (Map)"),
    /** {@code onyx/assign-watermark-fn}: {@code static long f(Map segment)}. */
    WATERMARK_FN("a public static method taking the segment (Map<String, Object>) and returning its event time "
        + "in epoch milliseconds (long)"),
    /** {@code trigger/sync}: {@code static void f(Map fired, Object state)}. */
    TRIGGER_SYNC("a public static method taking the firing (Map<String, Object>: window, trigger, extent bounds, "
        + "group) and the extent's state"),
    /** {@code trigger/emit}: {@code static Object f(Map fired, Object state)} returning segments. */
    TRIGGER_EMIT("a public static method taking the firing (Map<String, Object>) and the extent's state and "
        + "returning a Map, a List of Maps or null"),
    /** {@code trigger/pred} of a punctuation trigger: {@code static boolean p(Map segment)}. */
    TRIGGER_PRED("a public static method taking the segment (Map<String, Object>) and returning boolean"),
    /** {@code seq/supplier}: {@code static List f()}, the segments of a {@code seq} input. */
    SEQ_SUPPLIER("a public static method taking no arguments and returning the segments (a List or Iterable of "
        + "Map<String, Object>)"),
    /** A plugin's deserializer ({@code kafka/deserializer-fn}): {@code static Object f(byte[] bytes)}. */
    DESERIALIZER("a public static method taking the bytes (byte[]) and returning the value (a Map for a message)"),
    /** A plugin's serializer ({@code kafka/serializer-fn}): {@code static byte[] f(Object value)}. */
    SERIALIZER("a public static method taking the value (Object) and returning its bytes (byte[])"),
    /** {@code lifecycle/calls}: a class implementing {@link io.sardonyx.api.LifecycleCalls}. */
    LIFECYCLE_CALLS("a public class implementing io.sardonyx.api.LifecycleCalls with a public no-argument "
        + "constructor"),
    /** {@code onyx/plugin} naming a class rather than a built-in alias. */
    PLUGIN_CLASS("a public, concrete plugin class with a public no-argument constructor"),
    /** {@code window/aggregation} naming a custom aggregation class. */
    AGGREGATION_CLASS("a public, concrete aggregation class with a public no-argument constructor"),
    /** {@code trigger/on} naming a custom trigger class. */
    TRIGGER_CLASS("a public, concrete trigger class with a public no-argument constructor");

    private final String expected;

    FunctionKind(final String expected) {
        this.expected = expected;
    }

    /** What a reference of this kind must name, for error messages. */
    public String expected() {
        return expected;
    }

    /** True for kinds that name a class rather than a method. */
    public boolean namesClass() {
        return this == LIFECYCLE_CALLS || this == PLUGIN_CLASS || this == AGGREGATION_CLASS || this == TRIGGER_CLASS;
    }
}
