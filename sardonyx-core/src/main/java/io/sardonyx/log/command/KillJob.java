package io.sardonyx.log.command;

import io.sardonyx.log.Diff;
import io.sardonyx.log.Replica;
import io.sardonyx.schedule.Scheduler;
import java.util.List;
import java.util.Map;

/**
 * A job is killed: its peers stop and go to other jobs. An id never submitted is recorded as killed too, so a
 * later submission of it is refused. A duplicate is a no-op.
 *
 * @param job the job id
 */
public record KillJob(String job) implements LogCommand {
    public static final String NAME = "kill-job";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> args() {
        return Map.of("job", job);
    }

    @Override
    public Replica apply(final Replica replica) {
        if (replica.jobs().killed().contains(job) || replica.jobs().completed().contains(job)) {
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
