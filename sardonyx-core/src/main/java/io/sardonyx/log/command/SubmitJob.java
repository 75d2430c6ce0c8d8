package io.sardonyx.log.command;

import io.sardonyx.log.Diff;
import io.sardonyx.log.JobRegistry;
import io.sardonyx.log.JobSpec;
import io.sardonyx.log.Replica;
import io.sardonyx.schedule.Scheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A job is submitted (its definition is already stored beside the log). Idempotent: an id that is active, killed
 * or completed is a no-op, so a resubmission never runs a job twice.
 *
 * @param spec what scheduling needs of the job
 */
public record SubmitJob(JobSpec spec) implements LogCommand {
    public static final String NAME = "submit-job";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> args() {
        return spec.toJson();
    }

    @Override
    public Replica apply(final Replica replica) {
        final JobRegistry jobs = replica.jobs();
        if (jobs.known(spec.id())) {
            return replica;
        }
        final List<String> active = new ArrayList<>(jobs.active());
        active.add(spec.id());
        final Map<String, JobSpec> specs = new HashMap<>(jobs.specs());
        specs.put(spec.id(), spec);
        return Scheduler.reconfigure(replica.withJobs(
            new JobRegistry(active, jobs.killed(), jobs.completed(), jobs.finished(), specs)));
    }

    @Override
    public Diff diff(final Replica before, final Replica after) {
        return before.jobs().known(spec.id()) ? Diff.NONE : Diff.of("job", spec.id());
    }
}
