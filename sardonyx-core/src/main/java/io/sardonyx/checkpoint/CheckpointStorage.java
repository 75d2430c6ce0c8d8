package io.sardonyx.checkpoint;

/**
 * Durable storage of checkpoint blobs. Implementations are thread-safe; calls block on I/O, so tasks call them from
 * an I/O thread, never from their duty cycle.
 */
public interface CheckpointStorage {
    /**
     * Stores a blob; it is durable, whole and verifiable when this returns (a crash midway leaves no blob).
     *
     * @throws CheckpointException naming the blob when it cannot be written
     */
    void write(BlobKey key, byte[] payload) throws CheckpointException;

    /**
     * Reads a blob back, verifying its frame and checksum.
     *
     * @throws CheckpointException naming the blob when it is missing, truncated or corrupt
     */
    byte[] read(BlobKey key) throws CheckpointException;

    /** Deletes every blob of one checkpoint of a job (after it fell out of retention). */
    void delete(String jobId, long version, long epoch) throws CheckpointException;
}
