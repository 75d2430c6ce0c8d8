package io.sardonyx.api;

import java.util.Map;

/**
 * A custom window aggregation, named by its class in {@code "window/aggregation"}. One instance serves one task;
 * it is called from that task's thread only. States and updates must be segment values (null, Boolean, Long,
 * Double, String, byte[], List, or Map with String keys): they are written to checkpoints.
 *
 * <p>The work is split as in Onyx: {@link #createStateUpdate} turns a segment into an update, and
 * {@link #applyStateUpdate} folds an update into an extent's state.
 */
public interface WindowAggregation {
    /** The state of a new extent; {@code window} is the window entry (its {@code window/*} keys). */
    Object init(Map<String, Object> window);

    /** The update a segment makes; by default the segment itself. */
    default Object createStateUpdate(final Map<String, Object> window, final Map<String, Object> segment) {
        return segment;
    }

    /** The extent's state after an update. */
    Object applyStateUpdate(Map<String, Object> window, Object state, Object update);

    /**
     * Combines the states of two extents that merge (session windows). Needed only by session windows; a session
     * window over an aggregation that does not override it is refused when the task starts.
     */
    default Object superAggregate(final Map<String, Object> window, final Object first, final Object second) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot merge states: override "
            + "superAggregate to use it in a session window");
    }
}
