package io.sardonyx.checkpoint;

import io.sardonyx.threads.DaemonThreads;
import io.sardonyx.job.KeyGroups;
import io.sardonyx.codec.CodecException;
import io.sardonyx.log.store.LogStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A peer group's checkpoint I/O: blobs in a {@link CheckpointStorage}, the record of complete checkpoints beside
 * the log (updated by compare-and-set, so a stale coordinator can never record one), the choice of the checkpoint
 * a job recovers from (the newest whose every blob verifies), and retention. Blocking work runs on its own
 * threads; task threads only see futures. Thread-safe.
 */
public final class Checkpoints implements AutoCloseable {
    /** The record's name among the job's data. */
    public static final String RECORD = "checkpoints";
    private static final int WRITE_ATTEMPTS = 5;
    private static final int READ_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

    private final CheckpointStorage storage;
    private final LogStore store;
    private final int retain;
    private final java.util.concurrent.Executor io;
    private final ExecutorService owned;

    /**
     * @param storage where blobs go
     * @param store   the tenancy's log store (the record of complete checkpoints lives beside each job)
     * @param retain  how many complete checkpoints each job keeps
     */
    public Checkpoints(final CheckpointStorage storage, final LogStore store, final int retain) {
        this(storage, store, retain, null);
    }

    /**
     * @param io runs blob writes, reads and record updates; null: a pool of two daemon threads, closed with this
     *           (a deterministic simulation passes one that runs them in place)
     */
    public Checkpoints(final CheckpointStorage storage, final LogStore store, final int retain,
                       final java.util.concurrent.Executor io) {
        this.owned = io == null ? Executors.newFixedThreadPool(2,
            DaemonThreads.factory("sardonyx-checkpoint-io")) : null;
        this.io = io == null ? owned : io;
        if (retain < 1) {
            throw new IllegalArgumentException("a job keeps at least 1 checkpoint, not " + retain);
        }
        this.storage = storage;
        this.store = store;
        this.retain = retain;
    }

    public CheckpointStorage storage() {
        return storage;
    }

    /**
     * Writes one peer's state of a checkpoint; completes when it is durable. The state is encoded on the calling
     * thread (the task's), so a plugin may change its live state as soon as this returns. A failed write is tried
     * again a few times (an object store answering 503, a full moment of a disk) before the future fails.
     */
    public CompletableFuture<Void> write(final BlobKey key, final Object state) {
        final byte[] bytes = StateCodec.encode(state);
        return CompletableFuture.runAsync(() -> {
            for (int attempt = 1; ; attempt++) {
                try {
                    storage.write(key, bytes);
                    return;
                } catch (final CheckpointException e) {
                    if (attempt == WRITE_ATTEMPTS) {
                        throw new CompletionException(e);
                    }
                    LOG.warn("checkpoint write {} failed (attempt {} of {}): {}", key, attempt, WRITE_ATTEMPTS,
                        e.getMessage());
                    pause(100L << attempt);
                }
            }
        }, io);
    }

    private static void pause(final long ms) {
        try {
            java.util.concurrent.TimeUnit.MILLISECONDS.sleep(ms);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    /**
     * Runs a read (of the record, of blobs) on the threads checkpoint writes use, off the caller's: a task recovering
     * never waits on ZooKeeper or storage inside its duty cycle.
     *
     * @return completes with what the read returned, or exceptionally with what it threw
     */
    public <T> CompletableFuture<T> offThread(final java.util.concurrent.Callable<T> read) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return read.call();
            } catch (final RuntimeException e) {
                throw e;
            } catch (final Exception e) {
                throw new CompletionException(e);
            }
        }, io);
    }

    /**
     * Reads one peer's state of a checkpoint, verified.
     *
     * @throws CheckpointException naming the blob when it is missing, truncated, corrupt or not state
     */
    public Object read(final BlobKey key) throws CheckpointException {
        return restore(key).state();
    }

    /** A blob's state and its size as stored (framing aside). */
    public record Restored(Object state, int bytes) {
    }

    /**
     * Reads one peer's state of a checkpoint, verified, with its size.
     *
     * @throws CheckpointException naming the blob when it is missing, truncated, corrupt or not state
     */
    public Restored restore(final BlobKey key) throws CheckpointException {
        final byte[] bytes = storage.read(key);
        try {
            return new Restored(StateCodec.decode(bytes), bytes.length);
        } catch (final CodecException e) {
            throw new CheckpointException("checkpoint blob " + key + " does not decode: " + e.getMessage(), e);
        }
    }

    /**
     * A complete checkpoint as stored.
     *
     * @param checkpoint where and by how many peers per task it was taken
     * @param bytes      the size of its blobs in storage, or -1 when one could not be read
     * @param problem    why a blob's size is unknown, or null
     */
    public record Stored(Coordinate checkpoint, long bytes, String problem) {
    }

    /**
     * The job's complete checkpoints, oldest first, with their sizes in storage. Blocks on I/O.
     */
    public List<Stored> list(final String jobId) {
        final List<Stored> out = new ArrayList<>();
        for (final Coordinate c : record(jobId).complete()) {
            long bytes = 0;
            String problem = null;
            for (final Map.Entry<String, Integer> task : c.slots().entrySet()) {
                for (int slot = 0; slot < task.getValue() && problem == null; slot++) {
                    try {
                        bytes += storage.size(new BlobKey(jobId, c.version(), c.epoch(), task.getKey(), slot));
                    } catch (final CheckpointException e) {
                        problem = e.getMessage();
                    }
                }
            }
            out.add(new Stored(c, problem == null ? bytes : -1, problem));
        }
        return out;
    }

    /**
     * Deletes every checkpoint of a job a gc forgot, and marks its record so that a resume point naming the job is
     * refused with the reason. Blocks on I/O.
     *
     * @param gcEntry the gc entry that forgot the job
     * @throws CheckpointException when the storage refuses a deletion
     */
    public void forget(final String jobId, final long gcEntry) throws CheckpointException {
        storage.deleteJob(jobId);
        while (true) {
            final CheckpointRecord current = record(jobId);
            if (current.storeVersion() < 0 || current.forgottenAt() >= 0) {
                return;
            }
            if (store.compareAndSetJobData(jobId, RECORD, current.forgotten(gcEntry).toBytes(),
                current.storeVersion())) {
                return;
            }
        }
    }

    /** The job's record of complete checkpoints. */
    public CheckpointRecord record(final String jobId) {
        final LogStore.Versioned stored = store.jobDataVersioned(jobId, RECORD);
        return stored.data() == null ? CheckpointRecord.NONE
            : CheckpointRecord.fromBytes(stored.data(), stored.version());
    }

    /**
     * Claims the job for a coordinator of an allocation version (so no coordinator of an earlier one can record a
     * checkpoint any more, even one that wakes from a long pause) and chooses the checkpoint the job recovers from:
     * the newest complete one whose every blob reads back whole, falling back to older ones; empty when the job has
     * none (it starts fresh).
     *
     * @return fails with a {@link CheckpointException} naming every bad blob when checkpoints exist but none is
     *         whole, or with an {@link IllegalStateException} when a newer allocation already claims the job
     */
    public CompletableFuture<Optional<Coordinate>> recoveryPoint(final String jobId, final long version) {
        return CompletableFuture.supplyAsync(() -> {
            final CheckpointRecord record = claim(jobId, version);
            final List<String> problems = new ArrayList<>();
            for (int i = record.complete().size() - 1; i >= 0; i--) {
                final Coordinate candidate = record.complete().get(i);
                final String problem = verify(jobId, candidate);
                if (problem == null) {
                    return Optional.of(candidate);
                }
                LOG.warn("job {} cannot recover from checkpoint {}-{}: {}", jobId, candidate.version(),
                    candidate.epoch(), problem);
                problems.add(problem);
            }
            if (!problems.isEmpty()) {
                throw new CompletionException(new CheckpointException("job " + jobId + " has no whole checkpoint "
                    + "to recover from: " + String.join("; ", problems)));
            }
            return Optional.<Coordinate>empty();
        }, io);
    }

    /**
     * Claims the job (see {@link #recoveryPoint}) and plans where each task starts: the job's own checkpoint, or,
     * when it has none, the latest complete checkpoint of the jobs its resume point names.
     *
     * @param resumePoint the job's {@code resume-point}: task → {@code {"job-id": ..., "task": ...}}
     * @param keyGroups   the job's key groups, which a resume point's job must share
     * @return fails naming the task and the earlier job when a resume point cannot be honoured
     */
    public CompletableFuture<RecoveryPlan> recoveryPlan(final String jobId, final long version,
                                                        final Map<String, Object> resumePoint, final int keyGroups) {
        return recoveryPoint(jobId, version).thenApplyAsync(own -> {
            if (own.isPresent()) {
                return new RecoveryPlan(own.get(), Map.of());
            }
            final Map<String, ResumeSource> sources = new java.util.TreeMap<>();
            resumePoint.forEach((task, raw) -> sources.put(task, resumeSource(jobId, task, raw, keyGroups)));
            return new RecoveryPlan(null, sources);
        }, io);
    }

    private ResumeSource resumeSource(final String jobId, final String task, final Object raw, final int keyGroups) {
        final Map<?, ?> spec = (Map<?, ?>) raw;
        final String from = (String) spec.get("job-id");
        final String fromTask = spec.get("task") instanceof String t ? t : task;
        final CheckpointRecord fromRecord = record(from);
        final Coordinate latest = fromRecord.latest();
        if (fromRecord.forgottenAt() >= 0) {
            throw new CompletionException(new CheckpointException("job " + jobId + " resumes task " + task
                + " from job " + from + ", whose checkpoints were deleted when gc (entry " + fromRecord.forgottenAt()
                + ") forgot it; a resume point may name a job the log still knows, or the last finished job of a "
                + "job-name"));
        }
        if (latest == null && store.job(from).isEmpty()) {
            throw new CompletionException(new CheckpointException("job " + jobId + " resumes task " + task
                + " from job " + from + ", but no such job was ever submitted to this tenancy"));
        }
        if (latest == null) {
            throw new CompletionException(new CheckpointException("job " + jobId + " resumes task " + task
                + " from job " + from + ", which has no complete checkpoint"));
        }
        if (latest.keyGroups() != keyGroups) {
            throw new CompletionException(new CheckpointException("job " + jobId + " resumes task " + task
                + " from job " + from + ", whose state is split into " + (latest.keyGroups() == 0
                ? "no key groups (it was written by an earlier build)" : latest.keyGroups() + " key groups")
                + "; this job has " + keyGroups + ": state can move only between jobs with as many (\""
                + KeyGroups.JOB_CONFIG_KEY + "\" in \"job-config\")"));
        }
        final Integer slots = latest.slots().get(fromTask);
        if (slots == null) {
            throw new CompletionException(new CheckpointException("job " + jobId + " resumes task " + task
                + " from task " + fromTask + " of job " + from + ", whose checkpoint " + latest.version() + "-"
                + latest.epoch() + " holds no state of that task (it has " + latest.slots().keySet() + ")"));
        }
        return new ResumeSource(from, fromTask, latest.version(), latest.epoch(), slots);
    }

    private CheckpointRecord claim(final String jobId, final long version) {
        while (true) {
            final CheckpointRecord current = record(jobId);
            if (current.allocation() == version) {
                return current;
            }
            final CheckpointRecord claimed = current.claimedBy(version);
            if (store.compareAndSetJobData(jobId, RECORD, claimed.toBytes(), current.storeVersion())) {
                return claimed;
            }
        }
    }

    /**
     * Why a checkpoint is not whole, or null when every blob reads back. A read is tried a few times before a blob
     * counts as bad: a store that answers 503 for a moment must not send the job back to an older checkpoint.
     */
    private String verify(final String jobId, final Coordinate c) {
        for (final Map.Entry<String, Integer> task : c.slots().entrySet()) {
            for (int slot = 0; slot < task.getValue(); slot++) {
                final BlobKey key = new BlobKey(jobId, c.version(), c.epoch(), task.getKey(), slot);
                for (int attempt = 1; ; attempt++) {
                    try {
                        read(key);
                        break;
                    } catch (final CheckpointException e) {
                        if (attempt == READ_ATTEMPTS) {
                            return e.getMessage();
                        }
                        pause(100L << attempt);
                    }
                }
            }
        }
        return null;
    }

    /**
     * Records a complete checkpoint by compare-and-set, then deletes the blobs of checkpoints that fell out of
     * retention.
     *
     * @return true when recorded; false when the job is claimed by a newer allocation or a newer checkpoint is
     *         recorded (this coordinator is stale)
     */
    public CompletableFuture<Boolean> recordComplete(final String jobId, final Coordinate checkpoint) {
        return CompletableFuture.supplyAsync(() -> {
            while (true) {
                final CheckpointRecord current = record(jobId);
                if (checkpoint.equals(current.latest())) {
                    // Recorded already: an earlier attempt's reply was lost, but its write was applied.
                    return true;
                }
                final CheckpointRecord next;
                try {
                    next = current.with(checkpoint, retain);
                } catch (final StaleCoordinatorException stale) {
                    return false;
                }
                if (store.compareAndSetJobData(jobId, RECORD, next.toBytes(), current.storeVersion())) {
                    for (final Coordinate dropped : next.droppedFrom(current)) {
                        try {
                            storage.delete(jobId, dropped.version(), dropped.epoch());
                        } catch (final CheckpointException e) {
                            LOG.warn("could not delete an old checkpoint of job {}: {}", jobId, e.getMessage());
                        }
                    }
                    return true;
                }
            }
        }, io);
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.shutdown();
        }
    }
}
