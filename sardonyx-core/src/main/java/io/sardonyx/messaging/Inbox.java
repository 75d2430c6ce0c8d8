package io.sardonyx.messaging;

/**
 * Where one virtual peer receives frames, from peers in its group and from other JVMs. Frames from one sender
 * arrive in the order it sent them. Owned by the peer's task thread.
 */
public interface Inbox extends AutoCloseable {
    /**
     * Offers waiting frames to the handler, at most {@code limit} per sender.
     *
     * @return how many frames were consumed
     */
    int poll(FrameHandler handler, int limit);

    /** What senders of the group ring when they queue a frame for this peer. */
    Doorbell doorbell();

    @Override
    void close();
}
