package io.sardonyx.job;

import java.util.Map;
import java.util.Optional;

/**
 * A trigger: decides when a window's extents fire, and what firing does ({@code trigger/sync} for a side
 * effect, {@code trigger/emit} for segments sent downstream).
 *
 * @param attributes the trigger's {@code trigger/*} keys, in file order
 */
public record Trigger(Map<String, Object> attributes) implements JobEntry {
    public static final String ID = "trigger/id";
    public static final String WINDOW_ID = "trigger/window-id";
    public static final String ON = "trigger/on";
    public static final String THRESHOLD = "trigger/threshold";
    public static final String PERIOD = "trigger/period";
    public static final String PRED = "trigger/pred";
    public static final String DELAY = "trigger/delay";
    public static final String WATERMARK_PERCENTAGE = "trigger/watermark-percentage";
    public static final String SYNC = "trigger/sync";
    public static final String EMIT = "trigger/emit";
    public static final String POST_EVICTOR = "trigger/post-evictor";
    public static final String FIRE_ALL_EXTENTS = "trigger/fire-all-extents?";
    public static final String STATE_CONTEXT = "trigger/state-context";
    public static final String DOC = "trigger/doc";

    public Trigger {
        attributes = JsonValues.freezeMap(attributes, "trigger");
    }

    public String id() {
        return get(ID) instanceof String s ? s : null;
    }

    public String windowId() {
        return get(WINDOW_ID) instanceof String s ? s : null;
    }

    /** The trigger kind, or null for a custom trigger class (or an unvalidated entry). */
    public TriggerKind kind() {
        return TriggerKind.fromKey(get(ON));
    }

    public Optional<String> sync() {
        return string(SYNC);
    }

    public Optional<String> emit() {
        return string(EMIT);
    }

    /** True when {@code trigger/post-evictor} is {@code ["all"]}: extents are discarded after firing. */
    public boolean evictsAll() {
        return strings(POST_EVICTOR).contains("all");
    }

    public boolean fireAllExtents() {
        return flag(FIRE_ALL_EXTENTS, false);
    }

    /** Starts a trigger of the given id, on the given window, of the given kind. */
    public static Builder builder(final String id, final String windowId, final TriggerKind kind) {
        return new Builder().with(ID, id).with(WINDOW_ID, windowId).with(ON, kind.key());
    }

    /** Fluent builder; each setter writes the Onyx key of the same name. */
    public static final class Builder extends EntryBuilder<Builder, Trigger> {
        Builder() {
            super(Trigger::new);
        }

        public Builder threshold(final long elements) {
            return with(THRESHOLD, new WindowMeasure(elements, WindowUnit.ELEMENTS).toJson());
        }

        public Builder period(final long amount, final WindowUnit unit) {
            return with(PERIOD, new WindowMeasure(amount, unit).toJson());
        }

        public Builder delay(final long amount, final WindowUnit unit) {
            return with(DELAY, new WindowMeasure(amount, unit).toJson());
        }

        public Builder pred(final String fn) {
            return with(PRED, fn);
        }

        public Builder watermarkPercentage(final double fraction) {
            return with(WATERMARK_PERCENTAGE, fraction);
        }

        public Builder sync(final String fn) {
            return with(SYNC, fn);
        }

        public Builder emit(final String fn) {
            return with(EMIT, fn);
        }

        /** Discards each extent after it fires ({@code ["all"]}). */
        public Builder evictAll() {
            return withList(POST_EVICTOR, "all");
        }

        public Builder fireAllExtents(final boolean fireAll) {
            return with(FIRE_ALL_EXTENTS, fireAll);
        }

        @Override
        public Builder doc(final String doc) {
            return with(DOC, doc);
        }
    }
}
