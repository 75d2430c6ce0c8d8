package io.sardonyx.job;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A window over the segments a task receives, aggregated per extent (and per group when the task is grouped).
 *
 * @param attributes the window's {@code window/*} keys, in file order
 */
public record Window(Map<String, Object> attributes) implements JobEntry {
    public static final String ID = "window/id";
    public static final String TASK = "window/task";
    public static final String TYPE = "window/type";
    public static final String AGGREGATION = "window/aggregation";
    public static final String WINDOW_KEY = "window/window-key";
    public static final String RANGE = "window/range";
    public static final String SLIDE = "window/slide";
    public static final String TIMEOUT_GAP = "window/timeout-gap";
    public static final String INIT = "window/init";
    public static final String MIN_VALUE = "window/min-value";
    public static final String LATE_SEGMENTS = "window/late-segments";
    public static final String DOC = "window/doc";

    public Window {
        attributes = JsonValues.freezeMap(attributes, "window");
    }

    public String id() {
        return get(ID) instanceof String s ? s : null;
    }

    public String task() {
        return get(TASK) instanceof String s ? s : null;
    }

    /** The window type, or null on an unvalidated entry. */
    public WindowType type() {
        return WindowType.fromKey(get(TYPE));
    }

    /** The aggregation and the segment key it reads. */
    public Aggregation aggregation() {
        return Aggregation.parse(get(AGGREGATION));
    }

    /** The segment key holding the event time (or order), if any. */
    public Optional<String> windowKey() {
        return string(WINDOW_KEY);
    }

    public Optional<WindowMeasure> range() {
        return measure(RANGE);
    }

    public Optional<WindowMeasure> slide() {
        return measure(SLIDE);
    }

    public Optional<WindowMeasure> timeoutGap() {
        return measure(TIMEOUT_GAP);
    }

    /** The lowest window-key value extents are counted from (default 0). */
    public long minValue() {
        return integer(MIN_VALUE, 0);
    }

    private Optional<WindowMeasure> measure(final String key) {
        return has(key) ? Optional.of(WindowMeasure.parse(get(key))) : Optional.empty();
    }

    /**
     * An aggregation reference: a built-in name ({@code "onyx.windowing.aggregation/sum"} or just {@code "sum"})
     * or a class name, and the segment key it aggregates, when it takes one.
     *
     * @param name the name as written
     * @param key  the segment key, or null
     */
    public record Aggregation(String name, String key) {
        /** Built-in aggregations and whether they take a segment key. */
        public static final Map<String, Boolean> BUILT_IN = Map.of(
            "count", false, "conj", false, "sum", true, "min", true, "max", true, "average", true,
            "collect-by-key", true);
        /** The namespace Onyx gives the built-ins. */
        public static final String NAMESPACE = "onyx.windowing.aggregation/";

        /** The built-in this names ({@code "sum"}), or empty for a custom class. */
        public Optional<String> builtIn() {
            final String bare = name.startsWith(NAMESPACE) ? name.substring(NAMESPACE.length()) : name;
            return BUILT_IN.containsKey(bare) ? Optional.of(bare) : Optional.empty();
        }

        /** Parses {@code "name"} or {@code ["name", "key"]}; the validator reports malformed values. */
        public static Aggregation parse(final Object raw) {
            if (raw instanceof String name) {
                return new Aggregation(name, null);
            }
            if (raw instanceof List<?> list && list.size() == 2 && JsonValues.isStringList(list)) {
                return new Aggregation((String) list.get(0), (String) list.get(1));
            }
            throw new IllegalArgumentException("an aggregation is a name such as \"onyx.windowing.aggregation/count\""
                + " or [\"onyx.windowing.aggregation/sum\", \"segment-key\"]; got " + JsonValues.describe(raw));
        }
    }

    /** Starts a window of the given id, task and type. */
    public static Builder builder(final String id, final String task, final WindowType type) {
        return new Builder().with(ID, id).with(TASK, task).with(TYPE, type.key());
    }

    /** Fluent builder; each setter writes the Onyx key of the same name. */
    public static final class Builder extends EntryBuilder<Builder, Window> {
        Builder() {
            super(Window::new);
        }

        /** An aggregation that takes no key ({@code count}, {@code conj}, or a custom class). */
        public Builder aggregation(final String name) {
            return with(AGGREGATION, name);
        }

        /** An aggregation over a segment key ({@code sum}, {@code min}, …). */
        public Builder aggregation(final String name, final String key) {
            return withList(AGGREGATION, name, key);
        }

        public Builder windowKey(final String key) {
            return with(WINDOW_KEY, key);
        }

        public Builder range(final long amount, final WindowUnit unit) {
            return with(RANGE, new WindowMeasure(amount, unit).toJson());
        }

        public Builder slide(final long amount, final WindowUnit unit) {
            return with(SLIDE, new WindowMeasure(amount, unit).toJson());
        }

        public Builder timeoutGap(final long amount, final WindowUnit unit) {
            return with(TIMEOUT_GAP, new WindowMeasure(amount, unit).toJson());
        }

        public Builder init(final Object init) {
            return with(INIT, init);
        }

        /** What happens to late segments: "update" (default), "drop" or "emit". */
        public Builder lateSegments(final String policy) {
            return with(LATE_SEGMENTS, policy);
        }

        public Builder minValue(final long minValue) {
            return with(MIN_VALUE, minValue);
        }

        @Override
        public Builder doc(final String doc) {
            return with(DOC, doc);
        }
    }
}
