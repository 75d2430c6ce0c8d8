package io.sardonyx.messaging;

/** Receives frames from an {@link Inbox}, on the polling thread. */
@FunctionalInterface
public interface FrameHandler {
    /**
     * @return true when the frame is consumed (used or discarded as stale); false to leave it, and every later
     *         frame from the same sender, to be offered again on a later poll
     */
    boolean onFrame(Frame frame);
}
