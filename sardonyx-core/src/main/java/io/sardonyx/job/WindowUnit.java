package io.sardonyx.job;

/** The units of a window range, slide, gap or trigger period, singular or plural as Onyx spells them. */
public enum WindowUnit {
    MILLISECONDS(1L),
    SECONDS(1_000L),
    MINUTES(60_000L),
    HOURS(3_600_000L),
    DAYS(86_400_000L),
    /** Counts of segments rather than time. */
    ELEMENTS(0L);

    private final long millis;

    WindowUnit(final long millis) {
        this.millis = millis;
    }

    /** True for every unit but {@link #ELEMENTS}. */
    public boolean isTime() {
        return this != ELEMENTS;
    }

    /** Milliseconds in one of this unit; 0 for {@link #ELEMENTS}. */
    public long millis() {
        return millis;
    }

    /** The unit a job file names ({@code "minute"} or {@code "minutes"}), or null when it names none. */
    public static WindowUnit fromKey(final Object value) {
        if (!(value instanceof String s)) {
            return null;
        }
        for (final WindowUnit unit : values()) {
            final String plural = unit.name().toLowerCase(java.util.Locale.ROOT);
            if (plural.equals(s) || plural.substring(0, plural.length() - 1).equals(s)) {
                return unit;
            }
        }
        return null;
    }

    /** The plural spelling used in job files. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
