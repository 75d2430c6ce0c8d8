package io.sardonyx.bench;

import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.job.TaskType;
import io.sardonyx.log.JobSpec;
import io.sardonyx.log.store.LogEntry;
import io.sardonyx.log.LogParameters;
import io.sardonyx.log.Membership;
import io.sardonyx.log.PeerInfo;
import io.sardonyx.log.PeerSite;
import io.sardonyx.log.Replica;
import io.sardonyx.log.TaskSpec;
import io.sardonyx.log.store.Transition;
import io.sardonyx.log.command.AddVirtualPeer;
import io.sardonyx.log.command.SubmitJob;
import io.sardonyx.job.JobSchedulerKind;
import io.sardonyx.schedule.Scheduler;
import io.sardonyx.testkit.SimulatedCluster;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coordination figures: applying one entry and scheduling at 100, 1,000 and 10,000 virtual peers, joining 1,000
 * peers in 100 groups through the whole protocol, and replaying a 100,000-entry log.
 */
final class CoordinationBench {
    private static final int PEERS_PER_GROUP = 100;
    private final PrintStream out;

    CoordinationBench(final PrintStream out) {
        this.out = out;
    }

    void run() {
        out.printf("%nCoordination (JDK %s, %d cores)%n", System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors());
        out.printf("%-42s %10s %10s %10s%n", "measurement", "median", "min", "max");
        for (final int peers : new int[] {100, 1_000, 10_000}) {
            for (final int tasks : new int[] {10, 100}) {
                for (final JobSchedulerKind kind : new JobSchedulerKind[] {JobSchedulerKind.GREEDY,
                    JobSchedulerKind.BALANCED}) {
                    scheduling(peers, tasks, 4, kind);
                }
            }
        }
        join();
        replay();
    }

    /** Only the replay figure, for profiling the apply path. */
    void runReplayOnly() {
        out.printf("%nCoordination replay (JDK %s)%n", System.getProperty("java.version"));
        replay();
    }

    private void scheduling(final int peers, final int tasks, final int jobs, final JobSchedulerKind kind) {
        final Replica replica = cluster(peers, tasks, jobs, kind);
        final int rounds = peers >= 10_000 ? 7 : 21;
        final double[] schedule = new double[rounds];
        final double[] apply = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            final long t0 = System.nanoTime();
            Scheduler.reconfigure(replica);
            schedule[i] = (System.nanoTime() - t0) / 1e6;
            final AddVirtualPeer add = new AddVirtualPeer("extra-" + i, "g0", new PeerSite("10.0.0.1", 40200),
                List.of());
            final long t1 = System.nanoTime();
            Transition.apply(replica, new LogEntry(replica.version() + 1, 0, add, null, -1));
            apply[i] = (System.nanoTime() - t1) / 1e6;
        }
        final String what = String.format("%,d peers, %d jobs x %d tasks, %s", peers, jobs, tasks,
            kind.key().substring(JobSchedulerKind.NAMESPACE.length()));
        row("schedule: " + what, schedule, "ms");
        row("apply add-virtual-peer: " + what, apply, "ms");
    }

    /** A joined cluster of the given size (groups of 100 peers in one ring) running the given jobs. */
    private static Replica cluster(final int peers, final int tasks, final int jobs, final JobSchedulerKind kind) {
        final Membership.Builder m = Membership.EMPTY.toBuilder();
        final int groups = Math.max(1, peers / PEERS_PER_GROUP);
        for (int g = 0; g < groups; g++) {
            m.groups().add("g" + g);
            if (groups > 1) {
                m.pairs().put("g" + g, "g" + ((g + 1) % groups));
            }
        }
        for (int p = 0; p < peers; p++) {
            final String group = "g" + (p % groups);
            m.addPeer(String.format("p%06d", p), new PeerInfo(group, new PeerSite("10.0.0.1", 40200), List.of()));
        }
        Replica r = Replica.empty(new LogParameters(kind, LogParameters.LOG_FORMAT)).withMembership(m.build());
        for (int j = 0; j < jobs; j++) {
            final List<TaskSpec> specs = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                specs.add(new TaskSpec("t" + t, t == 0 ? TaskType.INPUT : TaskType.FUNCTION, 1, Long.MAX_VALUE, null,
                    List.of(), 0, false, false));
            }
            final SubmitJob submit = new SubmitJob(new JobSpec("job-" + j, specs, TaskSchedulerKind.BALANCED, 0));
            r = Transition.apply(r, new LogEntry(r.version() + 1, 0, submit, null, -1)).after();
        }
        return r;
    }

    private void join() {
        final double[] times = new double[5];
        long entries = 0;
        for (int i = 0; i < times.length; i++) {
            final SimulatedCluster cluster = new SimulatedCluster(i, LogParameters.DEFAULT);
            for (int g = 0; g < 100; g++) {
                cluster.startGroup(10, List.of());
            }
            final long t0 = System.nanoTime();
            cluster.runToQuiescence();
            times[i] = (System.nanoTime() - t0) / 1e6;
            entries = cluster.written();
        }
        row("join 1,000 peers in 100 groups (" + entries + " entries)", times, "ms");
    }

    /** Replays a 100,000-entry log of peer churn and job turnover on a 100-peer cluster from the empty replica. */
    private void replay() {
        final List<LogEntry> log = churnLog(100_000);
        final double[] times = new double[3];
        Replica last = null;
        for (int i = 0; i < times.length; i++) {
            final long t0 = System.nanoTime();
            Replica r = Replica.empty(LogParameters.DEFAULT);
            for (final LogEntry entry : log) {
                r = Transition.apply(r, entry).after();
            }
            times[i] = (System.nanoTime() - t0) / 1e6;
            last = r;
        }
        row(String.format("replay %,d entries (%d peers at the end)", log.size(),
            last.membership().peers().size()), times, "ms");
    }

    /**
     * A valid log: 10 groups of 10 peers join, then peers leave and rejoin while jobs come and go, with a gc every
     * 1,000 entries or so.
     */
    private static List<LogEntry> churnLog(final int size) {
        final List<LogEntry> log = new ArrayList<>(size);
        final SimulatedCluster cluster = new SimulatedCluster(7, LogParameters.DEFAULT);
        for (int g = 0; g < 10; g++) {
            cluster.startGroup(10, List.of());
        }
        cluster.runToQuiescence();
        log.addAll(cluster.log());
        Replica r = cluster.replica();
        final List<TaskSpec> specs = List.of(
            new TaskSpec("in", TaskType.INPUT, 1, 8, null, List.of(), 0, false, false),
            new TaskSpec("out", TaskType.OUTPUT, 1, 8, null, List.of(), 0, false, false));
        int i = 0;
        while (log.size() < size) {
            final List<io.sardonyx.log.command.LogCommand> commands = new ArrayList<>();
            commands.add(new SubmitJob(new JobSpec("j" + i, specs, TaskSchedulerKind.BALANCED, 0)));
            if (i >= 5) {
                commands.add(new io.sardonyx.log.command.KillJob("j" + (i - 5)));
            }
            final String peer = r.membership().peers().get(i % r.membership().peers().size());
            final String group = r.membership().peerInfo().get(peer).group();
            commands.add(new io.sardonyx.log.command.LeaveCluster(peer, group));
            commands.add(new AddVirtualPeer(peer + "-" + i, group, new PeerSite("10.0.0.1", 40200), List.of()));
            if (i % 250 == 249) {
                // An operator's periodic gc: finished jobs do not pile up in the replica.
                commands.add(new io.sardonyx.log.command.Gc("bench"));
            }
            for (final io.sardonyx.log.command.LogCommand command : commands) {
                final LogEntry entry = new LogEntry(r.version() + 1, 0, command, null, -1);
                r = Transition.apply(r, entry).after();
                log.add(entry);
            }
            i++;
        }
        return log;
    }

    private void row(final String what, final double[] samples, final String unit) {
        final double[] sorted = samples.clone();
        Arrays.sort(sorted);
        out.printf("%-42s %8.2f %s %8.2f %s %8.2f %s%n", what.length() > 42 ? what.substring(0, 42) : what,
            sorted[sorted.length / 2], unit, sorted[0], unit, sorted[sorted.length - 1], unit);
        if (what.length() > 42) {
            out.printf("  (%s)%n", what);
        }
    }
}
