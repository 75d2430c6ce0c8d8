package io.sardonyx.checkpoint;

import io.sardonyx.log.CheckpointLocation;

/**
 * Durable storage of one tenancy's checkpoint blobs, and of the small markers that prove a peer group reads the
 * tenancy's storage. Implementations are thread-safe; calls block on I/O, so tasks call them from an I/O thread, never
 * from their duty cycle.
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

    /**
     * The stored size of a blob in bytes, its frame included.
     *
     * @throws CheckpointException naming the blob when it is missing or cannot be asked about
     */
    long size(BlobKey key) throws CheckpointException;

    /** Deletes every blob of one checkpoint of a job (after it fell out of retention). */
    void delete(String jobId, long version, long epoch) throws CheckpointException;

    /** Deletes every checkpoint of a job (a gc forgot it). */
    void deleteJob(String jobId) throws CheckpointException;

    /**
     * Stores a small marker of the tenancy (the token its first peer group writes), framed and written as a blob is.
     *
     * @param name letters, digits, '-' and '_'
     */
    void writeMarker(String name, byte[] payload) throws CheckpointException;

    /**
     * Reads a marker back, verified.
     *
     * @throws CheckpointException saying where it looked when the marker is missing or damaged
     */
    byte[] readMarker(String name) throws CheckpointException;

    /** Deletes a marker this process wrote (one that lost the race to be the tenancy's). */
    void deleteMarker(String name) throws CheckpointException;

    /** Where this storage is, as the log parameters record it (no token, no credentials). */
    CheckpointLocation location();
}
