package io.sardonyx.window;

import io.sardonyx.api.WindowAggregation;
import io.sardonyx.job.Window;
import io.sardonyx.job.WindowMeasure;
import io.sardonyx.job.WindowType;
import io.sardonyx.usercode.UserCode;

import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * A window of a task, compiled: its type, extents in standard units (milliseconds, or elements), the segment key
 * it reads and its aggregation.
 */
public final class WindowSpec {
    /** What happens to a segment that arrives after the watermark passed every extent it falls in. */
    public enum Late {
        /** Update the extent anyway (Onyx's behaviour); a watermark trigger fires it again. */
        UPDATE,
        /** Count it and drop it. */
        DROP,
        /** Count it and send it downstream as {@code {"window/id": id, "late-segment": segment}}. */
        EMIT;

        static Late of(final Object value) {
            return value == null ? UPDATE : valueOf(String.valueOf(value).toUpperCase(java.util.Locale.ROOT));
        }
    }

    final int index;
    final Window window;
    final String id;
    final WindowType type;
    final WindowAggregation aggregation;
    final String key;
    final boolean counted;
    final long range;
    final long slide;
    final long gap;
    final long min;
    final Late late;

    WindowSpec(final int index, final Window window, final WindowAggregation aggregation) {
        this.index = index;
        this.window = window;
        this.id = window.id();
        this.type = window.type();
        this.aggregation = aggregation;
        this.key = window.windowKey().orElse(null);
        this.range = window.range().map(WindowMeasure::standardUnits).orElse(0L);
        this.slide = window.slide().map(WindowMeasure::standardUnits).orElse(range);
        this.gap = window.timeoutGap().map(WindowMeasure::standardUnits).orElse(0L);
        this.counted = window.range().filter(r -> !r.unit().isTime()).isPresent();
        this.min = window.minValue();
        this.late = Late.of(window.get(Window.LATE_SEGMENTS));
        if (type == WindowType.SESSION && !overrides(aggregation)) {
            throw new WindowException("window " + id + " is a session window, whose extents merge; its aggregation "
                + aggregation.getClass().getName() + " does not override superAggregate");
        }
    }

    /** Compiles a window; custom aggregations are made through the task's code policy. */
    public static WindowSpec of(final int index, final Window window, final UserCode code) {
        return new WindowSpec(index, window, Aggregations.of(window, code));
    }

    private static boolean overrides(final WindowAggregation aggregation) {
        try {
            return aggregation.getClass().getMethod("superAggregate", Map.class, Object.class, Object.class)
                .getDeclaringClass() != WindowAggregation.class;
        } catch (final NoSuchMethodException e) {
            return false;
        }
    }

    public String id() {
        return id;
    }

    /** The window entry, as user functions see it. */
    public Map<String, Object> entry() {
        return window.attributes();
    }

    /** True when extents come from a per-group count of segments rather than a segment key. */
    boolean countsArrivals() {
        return counted && key == null;
    }

    /**
     * The ordering value of a segment: its window key as epoch milliseconds (or a count).
     *
     * @throws WindowException naming the window and the key when the segment has no usable value
     */
    long value(final Map<String, Object> segment) {
        final Object v = segment.get(key);
        final long value;
        if (v instanceof Long l) {
            value = l;
        } else if (v instanceof Integer i) {
            value = i;
        } else if (v instanceof Double d) {
            value = (long) Math.floor(d);
        } else if (v instanceof Number n) {
            value = n.longValue();
        } else if (v instanceof Date date) {
            value = date.getTime();
        } else if (v instanceof Instant instant) {
            value = instant.toEpochMilli();
        } else {
            throw new WindowException("window " + id + ": segment key \"" + key + "\" holds "
                + (v == null ? "nothing" : "a " + v.getClass().getSimpleName())
                + "; it must hold the segment's event time as a number (epoch milliseconds)");
        }
        if (value < min) {
            throw new WindowException("window " + id + ": segment key \"" + key + "\" is " + value
                + ", below the window's min-value " + min);
        }
        return value;
    }

    /** The inclusive lower bound of an extent. */
    long lower(final long extent, final Object state) {
        switch (type) {
            case GLOBAL:
                return Long.MIN_VALUE;
            case SESSION:
                return extent;
            default:
                return Extents.lower(min, range, slide, extent);
        }
    }

    /** The inclusive upper bound of an extent; a session's is in its state. */
    long upper(final long extent, final Object state) {
        switch (type) {
            case GLOBAL:
                return Long.MAX_VALUE;
            case SESSION:
                return (Long) ((java.util.List<?>) state).get(0);
            default:
                return Extents.upper(min, slide, extent);
        }
    }

    /**
     * The event time after which an extent can no longer change, which a watermark trigger waits for: its upper bound,
     * or for a session its last event plus the gap (a later event within the gap would still extend it).
     */
    long closes(final long extent, final Object state) {
        final long upper = upper(extent, state);
        return type == WindowType.SESSION && upper != Long.MAX_VALUE ? saturatedAdd(upper, gap) : upper;
    }

    private static long saturatedAdd(final long a, final long b) {
        final long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** The aggregation's state of an extent's stored value (a session stores its upper bound beside it). */
    Object aggregate(final Object stored) {
        return type == WindowType.SESSION ? ((java.util.List<?>) stored).get(1) : stored;
    }

    /** True when the watermark has passed every extent holding the value: the segment is late. */
    boolean late(final long value, final long watermark) {
        switch (type) {
            case GLOBAL:
                return false;
            case SESSION:
                return watermark != Long.MIN_VALUE && value + gap < watermark;
            default:
                return !countsArrivals() && watermark != Long.MIN_VALUE
                    && Extents.upper(min, slide, Extents.last(min, range, slide, value)) < watermark;
        }
    }
}
