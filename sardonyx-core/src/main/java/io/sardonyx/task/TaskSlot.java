package io.sardonyx.task;

import io.sardonyx.messaging.Frame;
import io.sardonyx.messaging.FrameType;

/**
 * Where one task runs at one allocation version: the job's layout, the task's index in it and this peer's slot on
 * the task. A value: the checkpoint side of a task needs nothing more of its attempt.
 *
 * @param layout    the job's layout at the version
 * @param taskIndex the task's index in the layout
 * @param slot      this peer's slot on the task
 */
record TaskSlot(JobLayout layout, int taskIndex, int slot) {

    /** The allocation version. */
    long version() {
        return layout.version();
    }

    /** How many peers the task runs on at this version. */
    int peers() {
        return layout.peers().get(taskIndex).size();
    }

    /** This peer as a frame's source. */
    int source() {
        return Frame.source(taskIndex, slot);
    }

    /** A control frame from this peer, at this version. */
    Frame control(final FrameType type, final long epoch, final int flags) {
        return Frame.control(type, layout.jobKey(), layout.version(), source(), epoch, flags);
    }
}
