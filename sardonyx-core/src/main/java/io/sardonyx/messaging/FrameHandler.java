package io.sardonyx.messaging;

/** Receives frames from an {@link Inbox}, on the polling thread. */
@FunctionalInterface
public interface FrameHandler {
    /**
     * @return true when the frame is consumed (used or discarded as stale); false to leave it, and every later
     *         frame from the same sender, to be offered again on a later poll
     */
    boolean onFrame(Frame frame);

    /**
     * Frames from a sender were lost or could not be read (a gap in its stream after a network stall, bytes that
     * do not decode): what arrives after cannot be trusted to be complete.
     *
     * @param why names the sender (job key, version, source) and what happened
     */
    default void onLost(final long jobKey, final long version, final String why) {
    }
}
