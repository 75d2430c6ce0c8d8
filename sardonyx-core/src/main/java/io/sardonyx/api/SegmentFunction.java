package io.sardonyx.api;

import java.util.Map;

/**
 * A task function as a class, for functions that keep configuration: name the class in {@code "onyx/fn"}
 * (without {@code ::method}). One instance is made per task, through a public constructor taking the values
 * of the task's {@code onyx/params} keys (a no-argument constructor when there are none), and called from that
 * task's thread only.
 *
 * <p>Most functions are plain static methods instead ({@code "com.acme.Fns::inc"}), which receive the
 * {@code onyx/params} values before the segment.
 */
@FunctionalInterface
public interface SegmentFunction {
    /**
     * Transforms one segment.
     *
     * @param segment the segment; do not modify it
     * @return a new segment (a {@code Map}), a {@code List} of segments, or null to drop the segment
     */
    Object apply(Map<String, Object> segment);
}
