package io.sardonyx.api;

import java.util.Map;

/**
 * What a trigger is asked about: something happened to a window of a task.
 *
 * @param type      what happened
 * @param segment   the segment, for {@link Type#NEW_SEGMENT}; else null
 * @param group     the segment's group (its group-by key or fn value), null when the task is not grouped
 * @param lower     the lower bound of the extent in question (inclusive)
 * @param upper     the upper bound of the extent in question (inclusive)
 * @param watermark the task's watermark: the lowest event time its inputs can still send (Long.MIN_VALUE before
 *                  any)
 * @param timeMs    processing time, epoch milliseconds
 */
public record StateEvent(Type type, Map<String, Object> segment, Object group, long lower, long upper,
                         long watermark, long timeMs) {
    /** The kinds of event, as Onyx names them. */
    public enum Type {
        /** A segment updated the extent. */
        NEW_SEGMENT("new-segment"),
        /** Processing time passed (checked on every turn of the task). */
        TIMER_TICK("timer-tick"),
        /** The watermark advanced (after a barrier was aligned). */
        WATERMARK("watermark"),
        /** The job's inputs are exhausted: the final barrier. */
        JOB_COMPLETED("job-completed"),
        /** The task restored its state from a checkpoint. */
        RECOVERED("recovered"),
        /** A checkpoint including this task's state completed. */
        CHECKPOINTED("checkpointed");

        private final String key;

        Type(final String key) {
            this.key = key;
        }

        /** The name shown to emit and sync functions ({@code "event-type"}). */
        public String key() {
            return key;
        }
    }

    /** The same event about another extent. */
    public StateEvent about(final long lowerBound, final long upperBound) {
        return new StateEvent(type, segment, group, lowerBound, upperBound, watermark, timeMs);
    }
}
