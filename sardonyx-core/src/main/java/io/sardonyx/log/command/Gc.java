package io.sardonyx.log.command;

import io.sardonyx.log.Diff;
import io.sardonyx.log.Effect;
import io.sardonyx.log.JobRegistry;
import io.sardonyx.log.JobSpec;
import io.sardonyx.log.Observer;
import io.sardonyx.log.Replica;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Forgets killed and completed jobs. The client that wrote it then makes the replica after this entry the log's
 * origin and deletes the entries before it, so new peers start from the origin instead of replaying everything.
 *
 * @param id the id of the client that wrote it (only that client updates the origin)
 */
public record Gc(String id) implements LogCommand {
    public static final String NAME = "gc";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> args() {
        return Map.of("id", id);
    }

    @Override
    public Replica apply(final Replica replica) {
        final JobRegistry jobs = replica.jobs();
        if (jobs.killed().isEmpty() && jobs.completed().isEmpty()) {
            return replica;
        }
        final Map<String, JobSpec> specs = new HashMap<>(jobs.specs());
        jobs.killed().forEach(specs::remove);
        jobs.completed().forEach(specs::remove);
        return replica.withJobs(new JobRegistry(jobs.active(), List.of(), List.of(), specs));
    }

    @Override
    public Diff diff(final Replica before, final Replica after) {
        final JobRegistry jobs = before.jobs();
        return jobs.killed().isEmpty() && jobs.completed().isEmpty() ? Diff.NONE
            : Diff.of("killed-jobs", jobs.killed(), "completed-jobs", jobs.completed());
    }

    @Override
    public List<Effect> effects(final Replica before, final Replica after, final Diff diff, final Observer o) {
        return o.kind() == Observer.Kind.CLIENT && o.id().equals(id)
            ? List.of(new Effect.UpdateOrigin(after.version())) : List.of();
    }
}
