package io.sardonyx.log.command;

import io.sardonyx.log.Diff;
import io.sardonyx.log.JobRegistry;
import io.sardonyx.log.Replica;
import io.sardonyx.schedule.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A job has finished: every input is exhausted and its final checkpoint is complete (written once, by its
 * coordinator). Applies only to an active job; anything else is a no-op.
 *
 * @param job the job id
 */
public record CompleteJob(String job) implements LogCommand {
    public static final String NAME = "complete-job";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> args() {
        return Map.of("job-id", job);
    }

    @Override
    public Replica apply(final Replica replica) {
        final JobRegistry jobs = replica.jobs();
        if (!jobs.active().contains(job)) {
            return replica;
        }
        final List<String> active = new ArrayList<>(jobs.active());
        active.remove(job);
        final List<String> completed = new ArrayList<>(jobs.completed());
        completed.add(job);
        return Scheduler.reconfigure(replica.withJobs(
            new JobRegistry(active, jobs.killed(), completed, jobs.specs())));
    }

    @Override
    public Diff diff(final Replica before, final Replica after) {
        return before.jobs().active().contains(job) ? Diff.of("completed", job) : Diff.NONE;
    }
}
