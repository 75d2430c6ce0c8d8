package io.sardonyx.messaging;

/** What a frame carries. */
public enum FrameType {
    /** A batch of segments from an upstream peer. */
    SEGMENTS,
    /** A barrier closing an epoch: from the coordinator to inputs, then downstream through every task. */
    BARRIER,
    /** A peer's report to the job's coordinator: the epoch it completed and whether it has drained. */
    STATUS,
    /** The coordinator asks for a barrier now: an input ran out of data. */
    INPUT_EXHAUSTED,
    /** From the coordinator to terminal peers: the epoch's checkpoint is recorded; outputs commit it. */
    CHECKPOINTED;

    private static final FrameType[] VALUES = values();

    static FrameType of(final int code) {
        if (code < 0 || code >= VALUES.length) {
            return null;
        }
        return VALUES[code];
    }
}
