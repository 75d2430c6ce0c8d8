package io.sardonyx.client;

import io.sardonyx.checkpoint.CheckpointException;
import io.sardonyx.checkpoint.Checkpoints;
import io.sardonyx.job.Fusion;
import io.sardonyx.job.InvalidJobException;
import io.sardonyx.job.Job;
import io.sardonyx.job.JobValidator;
import io.sardonyx.log.JobSpec;
import io.sardonyx.log.Effect;
import io.sardonyx.log.Observer;
import io.sardonyx.log.store.JobData;
import io.sardonyx.log.store.LogEntry;
import io.sardonyx.log.store.Transition;
import io.sardonyx.log.store.LogCursor;
import io.sardonyx.log.store.LogStore;
import io.sardonyx.log.Origin;
import io.sardonyx.log.Replica;
import io.sardonyx.log.StoredJob;
import io.sardonyx.log.command.Gc;
import io.sardonyx.log.command.KillJob;
import io.sardonyx.log.command.SubmitJob;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to a cluster through its log, without joining it: submits and kills jobs, collects garbage, reads the
 * replica and follows the log. Safe to use from one thread at a time.
 */
public final class SardonyxClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SardonyxClient.class);
    private final LogStore store;
    private final JobValidator validator;
    private final java.util.function.Supplier<Checkpoints> checkpoints;

    /**
     * A client that cannot reach the tenancy's checkpoint storage: its gc forgets jobs but deletes no checkpoints.
     *
     * @param store     the tenancy's log; the client does not close it
     * @param validator checks jobs before they are submitted
     */
    public SardonyxClient(final LogStore store, final JobValidator validator) {
        this(store, validator, () -> null);
    }

    /**
     * @param checkpoints the tenancy's checkpoints (their record and storage), for gc to delete those of the jobs it
     *                    forgets; null: none are deleted
     */
    public SardonyxClient(final LogStore store, final JobValidator validator, final Checkpoints checkpoints) {
        this(store, validator, () -> checkpoints);
    }

    /**
     * @param checkpoints gives the tenancy's checkpoints when gc needs them, or null when the tenancy has none
     */
    public SardonyxClient(final LogStore store, final JobValidator validator,
                          final java.util.function.Supplier<Checkpoints> checkpoints) {
        this.store = store;
        this.validator = validator;
        this.checkpoints = checkpoints;
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

    /**
     * Kills a job (recorded even if the id is unknown, so it can never run).
     *
     * @return the kill entry's message id
     */
    public long killJob(final String jobId) {
        return JobData.kill(store, jobId, KillJob.ANY_VERSION, "killed by a user", null);
    }

    /** A job's stored definition. */
    public Optional<Job> job(final String jobId) {
        return store.job(jobId).map(stored -> Job.fromJson(stored.definition()));
    }

    /**
     * What a gc did.
     *
     * @param entry     the gc entry's message id
     * @param forgotten the finished jobs it forgot, in the order they finished
     * @param kept      the finished jobs it kept (the last finished job of each job-name)
     * @param deleted   the forgotten jobs whose checkpoints it deleted
     * @param problems  forgotten jobs whose checkpoints could not be deleted, with why
     */
    public record GcResult(long entry, List<String> forgotten, List<String> kept, List<String> deleted,
                           Map<String, String> problems) {
    }

    /**
     * Forgets finished jobs and compacts the log: writes a gc entry, replays to it, makes the replica there the
     * origin (only forward) and deletes the entries before it. Then deletes the checkpoints of the jobs it forgot.
     * It keeps the last finished job of each {@code job-name}, with its checkpoints, for a redeploy to resume from.
     */
    public GcResult gc() {
        final String id = UUID.randomUUID().toString();
        final long at = store.append(new Gc(id), null, -1);
        final Replayed replayed = replay(at);
        final Replica after = replayed.after();
        if (replayed.last() != null && replayed.last().entry().messageId() == at) {
            // The gc entry asks its writer to move the origin, as an effect like any other.
            for (final Effect effect : replayed.last().effects(Observer.client(id))) {
                if (!(effect instanceof Effect.UpdateOrigin u)) {
                    throw new IllegalStateException("a client was asked to perform " + effect
                        + ", which only a peer group does");
                }
                if (store.advanceOrigin(new Origin(u.messageId(), after))) {
                    store.deleteBefore(u.messageId());
                }
            }
        }
        final List<String> forgotten = new ArrayList<>(replayed.before().jobs().finished());
        forgotten.removeAll(after.jobs().finished());
        final List<String> deleted = new ArrayList<>();
        final Map<String, String> problems = new LinkedHashMap<>();
        final Checkpoints storage = forgotten.isEmpty() ? null : checkpoints.get();
        for (final String job : forgotten) {
            if (storage == null) {
                problems.put(job, "this client has no checkpoint storage");
                continue;
            }
            try {
                storage.forget(job, at);
                deleted.add(job);
            } catch (final CheckpointException | RuntimeException e) {
                LOG.warn("gc at entry {} could not delete the checkpoints of job {}: {}", at, job, e.getMessage());
                problems.put(job, e.getMessage());
            }
        }
        return new GcResult(at, forgotten, after.jobs().finished(), deleted, problems);
    }

    /** The replica after every entry written so far. */
    public Replica replica() {
        return replay(Long.MAX_VALUE).after();
    }

    /**
     * What replaying the log up to an entry found.
     *
     * @param before the replica before the last entry applied
     * @param after  the replica after it
     * @param last   the last entry's transition, or null when none was applied
     */
    private record Replayed(Replica before, Replica after, Transition last) {
    }

    /** Replays from the origin up to an entry (to the end with {@link Long#MAX_VALUE}). */
    private Replayed replay(final long upTo) {
        final LogCursor cursor = new LogCursor(store);
        Replica before = cursor.replica();
        Transition last = null;
        while (cursor.next() <= upTo) {
            final LogCursor.Step step = cursor.read();
            if (step instanceof LogCursor.Applied applied) {
                before = applied.transition().before();
                last = applied.transition();
            } else if (step instanceof LogCursor.Reset) {
                before = cursor.replica();
                last = null;
            } else if (upTo == Long.MAX_VALUE) {
                break;
            }
        }
        return new Replayed(before, cursor.replica(), last);
    }

    /**
     * Calls the listener with each entry from the origin on and the replica after it, on this thread, until the
     * thread is interrupted.
     *
     * @throws InterruptedException when interrupted
     */
    public void followLog(final BiConsumer<LogEntry, Replica> listener) throws InterruptedException {
        final LogCursor cursor = new LogCursor(store);
        while (!Thread.currentThread().isInterrupted()) {
            if (cursor.await(500) instanceof LogCursor.Applied applied) {
                listener.accept(applied.transition().entry(), applied.transition().after());
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
