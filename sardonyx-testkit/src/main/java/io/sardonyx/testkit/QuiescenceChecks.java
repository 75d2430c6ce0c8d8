package io.sardonyx.testkit;

import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.log.Membership;
import io.sardonyx.log.Replica;
import io.sardonyx.log.TaskRef;
import io.sardonyx.schedule.Scheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What must hold once a simulated cluster has no write pending: the cluster has settled where it should. */
public final class QuiescenceChecks {
    private QuiescenceChecks() {
    }

    /**
     * @throws IllegalStateException naming the seed, every violation and the replica
     */
    public static void check(final SimulatedCluster cluster) {
        final List<String> out = violations(cluster);
        if (!out.isEmpty()) {
            throw new IllegalStateException("seed " + cluster.seed() + ": at quiescence " + out + "\nreplica: "
                + cluster.replica() + "\nlast entries: " + tail(cluster));
        }
    }

    private static List<?> tail(final SimulatedCluster cluster) {
        final List<?> log = cluster.log();
        return log.subList(Math.max(0, log.size() - 15), log.size());
    }

    /** Every violation found; empty when settled. */
    public static List<String> violations(final SimulatedCluster cluster) {
        final List<String> out = new ArrayList<>();
        final Replica r = cluster.replica();
        final Membership m = r.membership();
        final Set<String> live = new HashSet<>(cluster.liveGroups());
        if (!live.isEmpty() && !new HashSet<>(m.groups()).equals(live)) {
            out.add("joined groups " + m.groups() + " are not the live groups " + live);
        }
        if (!m.ring().prepared().isEmpty() || !m.ring().accepted().isEmpty()) {
            out.add("joins still in flight: prepared " + m.ring().prepared() + ", accepted " + m.ring().accepted());
        }
        for (final String aborted : m.ring().aborted()) {
            if (live.contains(aborted)) {
                out.add("live group " + aborted + " is still aborted");
            }
        }
        for (final String orphanGroup : m.orphanedPeers().keySet()) {
            if (live.contains(orphanGroup)) {
                out.add("live group " + orphanGroup + " still has orphans " + m.orphanedPeers().get(orphanGroup));
            }
        }
        if (!live.isEmpty() && !new HashSet<>(m.peers()).equals(new HashSet<>(cluster.livePeers()))) {
            out.add("schedulable peers " + m.peers() + " are not the live peers " + cluster.livePeers());
        }
        final Map<String, TaskRef> allocated = new HashMap<>(r.allocations().byPeer());
        allocated.keySet().retainAll(new HashSet<>(cluster.livePeers()));
        if (!allocated.equals(cluster.running())) {
            out.add("peers run " + cluster.running() + " but the replica allocates " + allocated);
        }
        // Stability: scheduling a settled cluster again moves nothing. Colocated jobs are exempt: their whole
        // copies stay on the groups they first took, so which of several competing colocated jobs runs depends on
        // history, not only on the replica.
        final boolean colocated = r.jobs().active().stream()
            .anyMatch(job -> r.jobs().specs().get(job).taskScheduler() == TaskSchedulerKind.COLOCATED);
        final Replica again = Scheduler.reconfigure(r);
        if (!colocated && !again.allocations().byJob().equals(r.allocations().byJob())) {
            out.add("scheduling again would change the allocation to " + again.allocations().byJob());
        }
        return out;
    }
}
