package io.sardonyx.log.store;

import io.sardonyx.log.LogParameters;
import io.sardonyx.log.Origin;
import io.sardonyx.log.StoredJob;
import io.sardonyx.log.command.LogCommand;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a tenancy's log lives, with what is kept beside it: the origin, the log parameters, job definitions and
 * the peer groups' pulses. {@link ZooKeeperLog} is the real one; {@link InMemoryLog} serves tests and
 * simulations. Thread-safe: a peer group's reader, writer and watch callbacks share one store.
 *
 * <p>Failures of the underlying store (a lost session, a timeout) surface as {@link LogStoreException}.
 */
public interface LogStore extends AutoCloseable {
    /**
     * Stores the parameters when the tenancy has none yet, and returns those in force. Stored parameters that name no
     * checkpoint storage (a log created by an earlier build) take the proposed one's, by compare-and-set, so two
     * groups can never record two.
     */
    LogParameters parameters(LogParameters proposed);

    /** The parameters in force, or empty when no group has started in the tenancy yet. */
    Optional<LogParameters> storedParameters();

    /**
     * Appends an entry; concurrent appends from anywhere get one total order.
     *
     * @return the entry's message id
     */
    long append(LogCommand command, String peerParent, long entryParent);

    /**
     * Reads one entry.
     *
     * @return the entry, or empty when it has not been written yet
     * @throws LogGcedException when a gc has deleted it
     */
    Optional<LogEntry> read(long messageId);

    /**
     * Waits until the entry exists (or is deleted), at most the timeout.
     *
     * @return the entry, or empty on timeout
     * @throws LogGcedException when a gc has deleted it
     * @throws InterruptedException when the waiting thread is interrupted
     */
    Optional<LogEntry> await(long messageId, long timeoutMs) throws InterruptedException;

    /** Where replay starts. */
    Origin origin();

    /**
     * Moves the origin forward: succeeds only when the stored origin is older than the new one and was not changed
     * concurrently (compare-and-set), so two gcs can never move it back.
     *
     * @return true when the origin moved
     */
    boolean advanceOrigin(Origin next);

    /** Deletes the entries before the given message id (already in the origin). */
    void deleteBefore(long messageId);

    /**
     * Stores a job definition unless one is stored under the id.
     *
     * @return the definition stored under the id (the new one, or the earlier one)
     */
    StoredJob putJob(StoredJob job);

    /** A stored job definition, if any. */
    Optional<StoredJob> job(String jobId);

    /** Largest piece of job data accepted (ZooKeeper's default znode limit is 1 MiB). */
    int MAX_JOB_DATA_BYTES = 1000 * 1024;

    /**
     * Stores a piece of a job's outcome beside it (the exception that killed it, the output a collect task
     * gathered), replacing any piece of the same name.
     *
     * @param name a name made of letters, digits, '-', '_', '.' and ':'
     * @throws IllegalArgumentException when the name is malformed or the data is over {@link #MAX_JOB_DATA_BYTES}
     */
    void putJobData(String jobId, String name, byte[] data);

    /** The pieces of a job's data whose names start with the prefix, by name, in name order. */
    java.util.SortedMap<String, byte[]> jobData(String jobId, String prefix);

    /** A piece of job data and its version in the store: null data and version -1 when there is none. */
    record Versioned(byte[] data, int version) {
        public static final Versioned ABSENT = new Versioned(null, -1);
    }

    /** A piece of job data with its version, for a later {@link #compareAndSetJobData}. */
    Versioned jobDataVersioned(String jobId, String name);

    /**
     * Writes a piece of job data only if its version is still the expected one ({@code -1}: only if it does not
     * exist yet), so two writers can never both succeed from the same read.
     *
     * @return false when someone else changed it first
     * @throws IllegalArgumentException when the name is malformed or the data too large
     */
    boolean compareAndSetJobData(String jobId, String name, byte[] data, int expectedVersion);

    /** Checks a job data name and size, for implementations. */
    static void checkJobData(final String jobId, final String name, final byte[] data) {
        if (name == null || !name.matches("[A-Za-z0-9_.:\\-]{1,200}")) {
            throw new IllegalArgumentException("job data name \"" + name + "\" of job " + jobId
                + " must be 1-200 letters, digits, '-', '_', '.' or ':'");
        }
        if (data.length > MAX_JOB_DATA_BYTES) {
            throw new IllegalArgumentException("job data " + name + " of job " + jobId + " is " + data.length
                + " bytes, over the limit of " + MAX_JOB_DATA_BYTES);
        }
    }

    /** Registers this group's pulse, which exists as long as the group's session lives. */
    void registerPulse(String group);

    /** Removes this group's pulse (a group abandoning its id), so its watchers write its leave. */
    void removePulse(String group);

    /** True when the group's pulse exists. */
    boolean pulseExists(String group);

    /**
     * Calls {@code onGone} once, on a store thread, when the group's pulse disappears, or at once when it is
     * already gone.
     */
    void watchPulse(String group, Consumer<String> onGone);

    /** Stops watching a group's pulse (a pending callback may still fire once; callers must tolerate it). */
    void unwatchPulse(String group);

    /**
     * Calls the listener when this store's session with the cluster ended and a new one began (its pulses are
     * gone): a peer group must then rejoin under a new id. Never called by stores without sessions.
     */
    default void onNewSession(final Runnable listener) {
    }

    @Override
    void close();
}
