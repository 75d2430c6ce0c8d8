package io.sardonyx.messaging;

import java.util.List;
import java.util.Map;

/**
 * One message between peers. Frames are values: a frame handed to a peer in the same group is shared, never
 * copied, so neither side may modify its segments.
 *
 * @param type     what it carries
 * @param jobKey   a hash of the job id, so a frame for another job is never taken for this one
 * @param version  the sender's allocation version of the job; a frame from another version is stale or early
 * @param source   the sender: its task index in workflow order and its slot, see {@link #source(int, int)}
 * @param epoch    the barrier epoch (barriers, statuses) or the epoch the segments belong to
 * @param flags    {@link #COMPLETED} on a barrier after which the sender sends nothing more (and on the
 *                 announcement of the final checkpoint); {@link #DRAINED} or {@link #COMMITTED} on a status
 * @param segments the batch (empty for control frames)
 */
public record Frame(FrameType type, long jobKey, long version, int source, long epoch, int flags,
                   List<Map<String, Object>> segments) {
    /** Set on a barrier when every input upstream of it is exhausted. */
    public static final int COMPLETED = 1;
    /** Set on a status when the peer has written everything. */
    public static final int DRAINED = 2;
    /** Set on a status when an output committed the final checkpoint the coordinator announced. */
    public static final int COMMITTED = 4;

    /** The source id of a peer: its task's index and its slot. */
    public static int source(final int taskIndex, final int slot) {
        return (taskIndex << 16) | (slot & 0xffff);
    }

    public static int taskIndexOf(final int source) {
        return source >>> 16;
    }

    public static int slotOf(final int source) {
        return source & 0xffff;
    }

    public boolean has(final int flag) {
        return (flags & flag) != 0;
    }

    /** A control frame (no segments). */
    public static Frame control(final FrameType type, final long jobKey, final long version, final int source,
                                final long epoch, final int flags) {
        return new Frame(type, jobKey, version, source, epoch, flags, List.of());
    }
}
