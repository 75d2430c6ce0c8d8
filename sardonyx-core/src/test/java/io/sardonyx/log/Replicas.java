package io.sardonyx.log;

import io.sardonyx.log.store.LogEntry;
import io.sardonyx.log.store.Transition;
import io.sardonyx.job.FluxPolicy;
import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.job.TaskType;
import io.sardonyx.log.command.AcceptJoinCluster;
import io.sardonyx.log.command.AddVirtualPeer;
import io.sardonyx.log.command.LogCommand;
import io.sardonyx.log.command.NotifyJoinCluster;
import io.sardonyx.log.command.PrepareJoinCluster;
import io.sardonyx.job.JobSchedulerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds replicas for tests by applying entries, checking the invariants after each. */
public final class Replicas {
    private Replicas() {
    }

    /** An empty replica with the given job scheduler. */
    public static Replica empty(final JobSchedulerKind scheduler) {
        return Replica.empty(new LogParameters(scheduler, LogParameters.LOG_FORMAT));
    }

    /** Applies one command as the next entry, checking invariants. */
    public static Transition step(final Replica replica, final LogCommand command) {
        final Transition t = Transition.apply(replica, new LogEntry(replica.version() + 1, 0, command, null, -1));
        ReplicaInvariants.check(t.after());
        return t;
    }

    /** Applies commands in order. */
    public static Replica apply(final Replica replica, final LogCommand... commands) {
        Replica r = replica;
        for (final LogCommand command : commands) {
            r = step(r, command).after();
        }
        return r;
    }

    /**
     * Joins groups one after the other through the whole protocol (prepare, notify, accept, driven by the
     * reactions), each with the given number of peers named {@code <group>-p<i>}.
     */
    public static Replica joined(final Replica replica, final int peersPerGroup, final String... groups) {
        Replica r = replica;
        for (final String group : groups) {
            r = step(r, new PrepareJoinCluster(group)).after();
            if (!r.membership().joined(group)) {
                r = step(r, new NotifyJoinCluster(group)).after();
                r = acceptFrom(r, group);
            }
            for (int i = 0; i < peersPerGroup; i++) {
                r = step(r, peer(group + "-p" + i, group)).after();
            }
        }
        return r;
    }

    private static Replica acceptFrom(final Replica r, final String group) {
        final String watcher = r.membership().ring().acceptedWatcherOf(group);
        final String subject = r.membership().ring().pairs().getOrDefault(watcher, watcher);
        return step(r, new AcceptJoinCluster(group, subject, watcher, group)).after();
    }

    /** Three joined groups a, b, c (no peers) forming one ring. */
    public static Replica threeGroups() {
        final Replica r = joined(empty(JobSchedulerKind.GREEDY), 0, "a", "b", "c");
        if (r.membership().ring().pairs().size() != 3) {
            throw new IllegalStateException("three groups did not form a ring: " + r.membership().ring());
        }
        return r;
    }

    /** The replica with its version set so the next entry's message id picks the candidate at the index. */
    public static Replica atWatcherIndex(final Replica r, final int index, final int candidates) {
        final long next = r.version() + 1;
        final long wanted = next + Math.floorMod(index - next, (long) candidates);
        return r.withVersion(wanted - 1);
    }

    /** An add-virtual-peer entry with a local site and no tags. */
    public static AddVirtualPeer peer(final String id, final String group, final String... tags) {
        return new AddVirtualPeer(id, group, new PeerSite("127.0.0.1", 40200), List.of(tags));
    }

    /** A linear job spec: one task per name, each with the given min and max peers. */
    public static JobSpec linearJob(final String id, final long min, final long max, final String... tasks) {
        final List<TaskSpec> specs = new ArrayList<>();
        for (int i = 0; i < tasks.length; i++) {
            final TaskType type = i == 0 ? TaskType.INPUT : i == tasks.length - 1 ? TaskType.OUTPUT : TaskType.FUNCTION;
            specs.add(new TaskSpec(tasks[i], type, min, max, null, List.of(), 0, false, false));
        }
        return new JobSpec(id, specs, TaskSchedulerKind.BALANCED, 0);
    }

    /** A task spec with the common defaults. */
    public static TaskSpec task(final String name, final long min, final long max) {
        return new TaskSpec(name, TaskType.FUNCTION, min, max, null, List.of(), 0, false, false);
    }

    /** A grouped task spec with a flux policy. */
    public static TaskSpec grouped(final String name, final long min, final long max, final FluxPolicy flux) {
        return new TaskSpec(name, TaskType.FUNCTION, min, max, flux, List.of(), 0, true, false);
    }

    /** Job → task → peer count. */
    public static Map<String, Map<String, Integer>> counts(final Replica replica) {
        final Map<String, Map<String, Integer>> out = new java.util.TreeMap<>();
        replica.allocations().byJob().forEach((job, tasks) -> {
            final Map<String, Integer> c = new java.util.TreeMap<>();
            tasks.forEach((task, peers) -> c.put(task, peers.size()));
            out.put(job, c);
        });
        return out;
    }
}
