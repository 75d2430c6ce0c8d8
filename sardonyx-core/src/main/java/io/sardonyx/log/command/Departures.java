package io.sardonyx.log.command;

import io.sardonyx.job.FluxPolicy;
import io.sardonyx.log.JobRegistry;
import io.sardonyx.log.JobSpec;
import io.sardonyx.log.Replica;
import io.sardonyx.log.TaskRef;
import io.sardonyx.log.TaskSpec;
import java.util.Collection;

/** What leaving the cluster does to jobs, shared by the group and the peer leave commands. */
final class Departures {
    private Departures() {
    }

    /**
     * Kills every job in which one of the departing peers ran a grouped task with flux policy kill: its keys'
     * state cannot move to another peer.
     */
    static Replica enforceFluxPolicies(final Replica replica, final Collection<String> departing) {
        Replica out = replica;
        for (final String peer : departing) {
            final TaskRef ref = out.allocations().taskOf(peer);
            if (ref == null) {
                continue;
            }
            final JobSpec spec = out.jobs().activeSpec(ref.job());
            final TaskSpec task = spec == null ? null : spec.task(ref.task());
            if (task != null && task.fluxPolicy() == FluxPolicy.KILL) {
                out = out.withJobs(kill(out.jobs(), ref.job()));
            }
        }
        return out;
    }

    /** The registry with the job killed (added to killed even when unknown, so it can never be submitted). */
    static JobRegistry kill(final JobRegistry jobs, final String job) {
        return jobs.finish(job, false);
    }
}
