package io.sardonyx.log.command;

import io.sardonyx.log.Diff;
import io.sardonyx.log.JobRegistry;
import io.sardonyx.log.Replica;
import io.sardonyx.schedule.Scheduler;
import java.util.Map;

/**
 * A job has finished: every input is exhausted and everything it wrote is final (written once, by its
 * coordinator). Applies only to an active job whose allocation is still the one the coordinator saw finish; a
 * completion from an earlier allocation is stale (the job started over since) and, like anything else, a no-op.
 *
 * @param job     the job id
 * @param version the job's allocation version when it finished, or {@link #ANY_VERSION}
 */
public record CompleteJob(String job, long version) implements LogCommand {
    public static final String NAME = "complete-job";
    /** Completes the job whatever its allocation version (entries written before versions were recorded). */
    public static final long ANY_VERSION = -1;

    /** A completion that does not check the allocation version. */
    public CompleteJob(final String job) {
        this(job, ANY_VERSION);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> args() {
        return version == ANY_VERSION ? Map.of("job-id", job) : Map.of("job-id", job, "version", version);
    }

    @Override
    public Replica apply(final Replica replica) {
        final JobRegistry jobs = replica.jobs();
        if (!jobs.active().contains(job) || stale(replica)) {
            return replica;
        }
        return Scheduler.reconfigure(replica.withJobs(jobs.finish(job, true)));
    }

    private boolean stale(final Replica replica) {
        return version != ANY_VERSION && !Long.valueOf(version).equals(replica.allocations().versions().get(job));
    }

    @Override
    public Diff diff(final Replica before, final Replica after) {
        return before.jobs().active().contains(job) && after.jobs().completed().contains(job)
            ? Diff.of("completed", job) : Diff.NONE;
    }
}
