package io.sardonyx.job;

/** What a catalog task does, as {@code "onyx/type"} spells it. */
public enum TaskType {
    /** Reads segments from outside through an input plugin; has no upstream task. */
    INPUT("input"),
    /** Applies {@code onyx/fn} to each segment; has upstream and downstream tasks. */
    FUNCTION("function"),
    /** Writes segments out through an output plugin; has no downstream task. */
    OUTPUT("output"),
    /** Feeds windows only; emits nothing but what its triggers emit. */
    REDUCE("reduce");

    private final String key;

    TaskType(final String key) {
        this.key = key;
    }

    /** The value written in the job file. */
    public String key() {
        return key;
    }

    /** The type a job file names, or null when it names none of them. */
    public static TaskType fromKey(final Object value) {
        for (final TaskType type : values()) {
            if (type.key.equals(value)) {
                return type;
            }
        }
        return null;
    }
}
