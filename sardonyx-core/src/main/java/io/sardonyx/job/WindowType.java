package io.sardonyx.job;

/** The kinds of window ({@code "window/type"}). */
public enum WindowType {
    /** Tumbling windows of {@code window/range}. */
    FIXED("fixed"),
    /** Windows of {@code window/range} starting every {@code window/slide}. */
    SLIDING("sliding"),
    /** One window over all time. */
    GLOBAL("global"),
    /** Windows per key closed by a gap of {@code window/timeout-gap} with no segment. */
    SESSION("session");

    private final String key;

    WindowType(final String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The type a job file names, or null. */
    public static WindowType fromKey(final Object value) {
        for (final WindowType type : values()) {
            if (type.key.equals(value)) {
                return type;
            }
        }
        return null;
    }
}
