package io.sardonyx.window;

/**
 * The Window-ID algorithm (Li, Maier, Tufte et al., "Semantics and evaluation techniques for window aggregates")
 * for windows of a range sliding by a slide, over a totally ordered long value counted from a minimum. Extent
 * {@code w} covers {@code [max(min, min + slide·(w+1) − range), min + slide·(w+1) − 1]}, both bounds inclusive;
 * the first extents are partial, as in Onyx. A fixed window is the case slide = range. Pure.
 */
public final class Extents {
    private Extents() {
    }

    /** The lowest extent id holding the value. Values below {@code min} belong to no extent. */
    public static long first(final long min, final long range, final long slide, final long value) {
        return Math.floorDiv(value - min, slide);
    }

    /** The highest extent id holding the value. */
    public static long last(final long min, final long range, final long slide, final long value) {
        return Math.floorDiv(value - min + range, slide) - 1;
    }

    /** The inclusive lower bound of extent {@code w}. */
    public static long lower(final long min, final long range, final long slide, final long w) {
        return Math.max(min, min + slide * (w + 1) - range);
    }

    /** The inclusive upper bound of extent {@code w}. */
    public static long upper(final long min, final long slide, final long w) {
        return min + slide * (w + 1) - 1;
    }
}
