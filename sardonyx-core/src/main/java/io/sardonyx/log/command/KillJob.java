package io.sardonyx.log.command;

import io.sardonyx.log.Diff;
import io.sardonyx.log.Replica;
import io.sardonyx.schedule.Scheduler;
import java.util.List;
import java.util.Map;

/**
 * A job is killed: its peers stop and go to other jobs. An id never submitted is recorded as killed too, so a
 * later submission of it is refused. A duplicate is a no-op. A kill a task writes carries the job's allocation
 * version it ran at, and is stale (a no-op) once the job's allocation changed.
 *
 * @param job     the job id
 * @param version the allocation version of the task that failed, or {@link #ANY_VERSION}
 */
public record KillJob(String job, long version) implements LogCommand {
    public static final String NAME = "kill-job";
    /** A kill whatever the job's allocation (a user's). */
    public static final long ANY_VERSION = -1;

    /** A user's kill: whatever the job's allocation version. */
    public KillJob(final String job) {
        this(job, ANY_VERSION);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> args() {
        return version == ANY_VERSION ? Map.of("job", job) : Map.of("job", job, "version", version);
    }

    @Override
    public Replica apply(final Replica replica) {
        if (replica.jobs().killed().contains(job) || replica.jobs().completed().contains(job)) {
            return replica;
        }
        if (version != ANY_VERSION && replica.jobs().active().contains(job)
            && !Long.valueOf(version).equals(replica.allocations().versions().get(job))) {
            // A task of an earlier allocation failed (a peer that was paused, say): the job moved on without it.
            return replica;
        }
        return Scheduler.reconfigure(replica.withJobs(Departures.kill(replica.jobs(), job)));
    }

    @Override
    public Diff diff(final Replica before, final Replica after) {
        return !before.jobs().killed().contains(job) && after.jobs().killed().contains(job)
            ? Diff.of("killed", List.of(job)) : Diff.NONE;
    }
}
