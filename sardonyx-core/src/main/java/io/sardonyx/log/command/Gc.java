package io.sardonyx.log.command;

import io.sardonyx.log.Diff;
import io.sardonyx.log.Effect;
import io.sardonyx.log.JobRegistry;
import io.sardonyx.log.JobSpec;
import io.sardonyx.log.Observer;
import io.sardonyx.log.Replica;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Forgets finished jobs, except the last finished job of each {@code job-name} (a redeploy of the name may still
 * resume from it; it is forgotten once a newer job of the name has finished). The client that wrote it then makes the
 * replica after this entry the log's origin, deletes the entries before it and deletes the checkpoints of the jobs it
 * forgot, so new peers start from the origin instead of replaying everything.
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

    /** The finished jobs a gc keeps: the last finished job of each job-name. */
    public static Set<String> kept(final JobRegistry jobs) {
        final Map<String, String> lastOfName = new HashMap<>();
        for (final String job : jobs.finished()) {
            final JobSpec spec = jobs.specs().get(job);
            if (spec != null && spec.name() != null) {
                lastOfName.put(spec.name(), job);
            }
        }
        return new HashSet<>(lastOfName.values());
    }

    @Override
    public Replica apply(final Replica replica) {
        final JobRegistry jobs = replica.jobs();
        final Set<String> kept = kept(jobs);
        if (kept.containsAll(jobs.finished())) {
            return replica;
        }
        final Map<String, JobSpec> specs = new HashMap<>(jobs.specs());
        jobs.finished().stream().filter(j -> !kept.contains(j)).forEach(specs::remove);
        return replica.withJobs(new JobRegistry(jobs.active(), keep(jobs.killed(), kept),
            keep(jobs.completed(), kept), keep(jobs.finished(), kept), specs));
    }

    private static List<String> keep(final List<String> jobs, final Set<String> kept) {
        return jobs.stream().filter(kept::contains).toList();
    }

    @Override
    public Diff diff(final Replica before, final Replica after) {
        final JobRegistry jobs = before.jobs();
        final Set<String> kept = kept(jobs);
        if (kept.containsAll(jobs.finished())) {
            return Diff.NONE;
        }
        return Diff.of("killed-jobs", jobs.killed().stream().filter(j -> !kept.contains(j)).toList(),
            "completed-jobs", jobs.completed().stream().filter(j -> !kept.contains(j)).toList());
    }

    @Override
    public List<Effect> effects(final Replica before, final Replica after, final Diff diff, final Observer o) {
        return o.kind() == Observer.Kind.CLIENT && o.id().equals(id)
            ? List.of(new Effect.UpdateOrigin(after.version())) : List.of();
    }
}
