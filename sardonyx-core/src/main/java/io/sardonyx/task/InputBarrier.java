package io.sardonyx.task;

import io.sardonyx.messaging.Frame;
import java.util.List;
import java.util.Map;

/**
 * An input task's barrier from the coordinator: at most one waits to be passed on (after the batch being read);
 * a barrier of an epoch already passed is a duplicate the coordinator sent again. Owned by the task's thread.
 */
final class InputBarrier {
    private long waiting = -1;
    private long passed;
    private List<Map<String, Object>> payload = List.of();

    void reset() {
        waiting = -1;
        passed = 0;
        payload = List.of();
    }

    /**
     * Takes a barrier frame: true when consumed (taken, a duplicate, or one whose epoch jumps), false to leave it for
     * later. The coordinator numbers epochs one by one from 1 at every allocation version: a barrier more than one
     * epoch ahead of the last passed on came from no coordinator, and would stall checkpoints for good.
     */
    boolean offer(final Frame barrier) {
        if (barrier.epoch() <= passed || jumps(barrier)) {
            return true;
        }
        if (waiting >= 0) {
            return barrier.epoch() == waiting;
        }
        waiting = barrier.epoch();
        payload = barrier.segments();
        return true;
    }

    /** True when the barrier's epoch is more than one ahead of the last passed on: it is dropped. */
    boolean jumps(final Frame barrier) {
        return barrier.epoch() > passed + 1;
    }

    /** True when a barrier waits to be passed on. */
    boolean waiting() {
        return waiting >= 0;
    }

    long epoch() {
        return waiting;
    }

    List<Map<String, Object>> payload() {
        return payload;
    }

    /** The waiting barrier has been passed on. */
    void passed() {
        passed = waiting;
        waiting = -1;
    }
}
