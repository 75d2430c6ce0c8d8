package io.sardonyx.job;

/** The built-in triggers ({@code "trigger/on"}), named as Onyx names them or by their short name. */
public enum TriggerKind {
    /** Fires every {@code trigger/threshold} segments. */
    SEGMENT("segment"),
    /** Fires every {@code trigger/period} of processing time. */
    TIMER("timer"),
    /** Fires when {@code trigger/pred} holds for an arriving segment. */
    PUNCTUATION("punctuation"),
    /** Fires an extent once the watermark passes its upper bound (plus {@code trigger/delay}). */
    WATERMARK("watermark"),
    /** Fires an extent once a segment's window key passes a fraction of it. */
    PERCENTILE_WATERMARK("percentile-watermark");

    /** The namespace Onyx gives the built-ins. */
    public static final String NAMESPACE = "onyx.triggers/";
    private final String shortName;

    TriggerKind(final String shortName) {
        this.shortName = shortName;
    }

    /** The name written by the builder: Onyx's full name. */
    public String key() {
        return NAMESPACE + shortName;
    }

    /** The kind a job file names ({@code "onyx.triggers/segment"} or {@code "segment"}), or null. */
    public static TriggerKind fromKey(final Object value) {
        if (!(value instanceof String s)) {
            return null;
        }
        final String bare = s.startsWith(NAMESPACE) ? s.substring(NAMESPACE.length()) : s;
        for (final TriggerKind kind : values()) {
            if (kind.shortName.equals(bare)) {
                return kind;
            }
        }
        return null;
    }
}
