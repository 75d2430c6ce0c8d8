package io.sardonyx.api;

import io.sardonyx.job.Fusion;
import io.sardonyx.job.InvalidJobException;
import io.sardonyx.job.Job;
import io.sardonyx.job.JobValidator;
import io.sardonyx.log.JobSpec;
import io.sardonyx.log.LogEntry;
import io.sardonyx.log.LogGcedException;
import io.sardonyx.log.LogStore;
import io.sardonyx.log.Origin;
import io.sardonyx.log.Replica;
import io.sardonyx.log.StoredJob;
import io.sardonyx.log.Transition;
import io.sardonyx.log.command.Gc;
import io.sardonyx.log.command.KillJob;
import io.sardonyx.log.command.SubmitJob;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Talks to a cluster through its log, without joining it: submits and kills jobs, collects garbage, reads the
 * replica and follows the log. Safe to use from one thread at a time.
 */
public final class SardonyxClient implements AutoCloseable {
    private final LogStore store;
    private final JobValidator validator;

    /**
     * @param store     the tenancy's log; the client does not close it
     * @param validator checks jobs before they are submitted
     */
    public SardonyxClient(final LogStore store, final JobValidator validator) {
        this.store = store;
        this.validator = validator;
    }

    /**
     * Validates and submits a job. Idempotent: submitting the same job under the same id (its metadata
     * {@code "job-id"}) again changes nothing; a different job under an id already used is refused.
     *
     * @return the job id
     * @throws InvalidJobException when the job is invalid, or another job holds its id
     */
    public String submitJob(final Job job) {
        validator.validate(job).throwIfInvalid("job");
        final String id = job.metadata().get("job-id") instanceof String s ? s : UUID.randomUUID().toString();
        // What runs, and what the log and the stored definition show, is the job with its chains fused.
        final Job running = Fusion.fuse(job);
        final String definition = running.toJson();
        final String hash = sha256(definition);
        final StoredJob stored = store.putJob(new StoredJob(id, definition, hash));
        if (!stored.hash().equals(hash)) {
            throw new InvalidJobException("job", java.util.List.of(new io.sardonyx.job.JobError("metadata",
                "\"job-id\" " + id + " already names a different job; give this job another id")));
        }
        store.append(new SubmitJob(JobSpec.of(id, running)), null, -1);
        return id;
    }

    /** Kills a job (recorded even if the id is unknown, so it can never run). */
    public void killJob(final String jobId) {
        store.append(new KillJob(jobId), null, -1);
    }

    /** A job's stored definition. */
    public Optional<Job> job(final String jobId) {
        return store.job(jobId).map(stored -> Job.fromJson(stored.definition()));
    }

    /**
     * Forgets finished jobs and compacts the log: writes a gc entry, replays to it, makes the replica there the
     * origin (only forward) and deletes the entries before it.
     *
     * @return the gc entry's message id
     */
    public long gc() {
        final String id = UUID.randomUUID().toString();
        final long at = store.append(new Gc(id), null, -1);
        final Replica replica = replay(at);
        if (store.advanceOrigin(new Origin(at, replica))) {
            store.deleteBefore(at);
        }
        return at;
    }

    /** The replica after every entry written so far. */
    public Replica replica() {
        return replay(Long.MAX_VALUE);
    }

    private Replica replay(final long upTo) {
        Origin origin = store.origin();
        Replica replica = origin.replica();
        long next = origin.messageId() + 1;
        while (next <= upTo) {
            final Optional<LogEntry> entry;
            try {
                entry = store.read(next);
            } catch (final LogGcedException e) {
                origin = store.origin();
                replica = origin.replica();
                next = origin.messageId() + 1;
                continue;
            }
            if (entry.isEmpty()) {
                if (upTo == Long.MAX_VALUE) {
                    break;
                }
                continue;
            }
            replica = Transition.apply(replica, entry.get()).after();
            next++;
        }
        return replica;
    }

    /**
     * Calls the listener with each entry from the origin on and the replica after it, on this thread, until the
     * thread is interrupted.
     *
     * @throws InterruptedException when interrupted
     */
    public void followLog(final BiConsumer<LogEntry, Replica> listener) throws InterruptedException {
        Origin origin = store.origin();
        Replica replica = origin.replica();
        long next = origin.messageId() + 1;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                final Optional<LogEntry> entry = store.await(next, 500);
                if (entry.isPresent()) {
                    replica = Transition.apply(replica, entry.get()).after();
                    listener.accept(entry.get(), replica);
                    next++;
                }
            } catch (final LogGcedException e) {
                origin = store.origin();
                replica = origin.replica();
                next = origin.messageId() + 1;
            }
        }
        throw new InterruptedException("stopped following the log");
    }

    static String sha256(final String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    @Override
    public void close() {
        // The store belongs to the caller.
    }
}
