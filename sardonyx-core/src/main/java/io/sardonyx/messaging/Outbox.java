package io.sardonyx.messaging;

/** A one-way route from one peer to another. Owned by the sending peer's task thread; never blocks. */
public interface Outbox extends AutoCloseable {
    /**
     * Sends a frame. A refused frame must be offered again (the same instance) before any other; a large batch
     * may go out in several parts across calls.
     *
     * @return true when the whole frame is sent; false when the receiver is full, not connected yet or gone
     * @throws io.sardonyx.codec.CodecException when a segment cannot be encoded or is over the size limit
     */
    boolean offer(Frame frame);

    @Override
    void close();
}
