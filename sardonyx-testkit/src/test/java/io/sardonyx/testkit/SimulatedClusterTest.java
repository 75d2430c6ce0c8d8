package io.sardonyx.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.job.FluxPolicy;
import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.job.TaskType;
import io.sardonyx.log.JobSpec;
import io.sardonyx.log.store.LogEntry;
import io.sardonyx.log.LogParameters;
import io.sardonyx.log.Replica;
import io.sardonyx.log.store.Transition;
import io.sardonyx.log.TaskSpec;
import io.sardonyx.job.JobSchedulerKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Whole clusters under random interleavings: joins, crashes, peer stops, submits, kills and gcs, with the
 * invariants checked after every entry and the settled state checked at quiescence. A failure names its seed;
 * {@code scenario(seed)} replays it.
 */
class SimulatedClusterTest {
    private static final int DEFAULT_SEEDS = 300;
    private static final int SLOW_SEEDS = 5_000;

    @Test
    void groupsJoiningTogetherFormOneRing() {
        for (long seed = 0; seed < DEFAULT_SEEDS; seed++) {
            final SimulatedCluster cluster = new SimulatedCluster(seed, params(seed));
            final int groups = 1 + (int) (seed % 10);
            for (int i = 0; i < groups; i++) {
                cluster.startGroup(1 + cluster.choose(5), List.of());
            }
            cluster.runToQuiescence();
            QuiescenceChecks.check(cluster);
            assertThat(cluster.replica().membership().groups()).as("seed %d", seed).hasSize(groups);
            assertThat(cluster.replica().membership().ring().pairs()).as("seed %d", seed)
                .hasSize(groups == 1 ? 0 : groups);
        }
    }

    @Test
    void clustersSettleAfterChurn() {
        for (long seed = 0; seed < DEFAULT_SEEDS; seed++) {
            scenario(seed);
        }
    }

    @Test
    @Tag("slow")
    void clustersSettleAfterChurnForThousandsOfSeeds() {
        for (long seed = DEFAULT_SEEDS; seed < DEFAULT_SEEDS + SLOW_SEEDS; seed++) {
            scenario(seed);
        }
    }

    @Test
    void theSameSeedGivesTheSameLog() {
        for (long seed = 0; seed < 20; seed++) {
            assertThat(commands(scenario(seed))).as("seed %d", seed).isEqualTo(commands(scenario(seed)));
        }
    }

    @Test
    void replayingFromTheOriginGivesTheSameReplica() {
        for (long seed = 0; seed < 100; seed++) {
            final SimulatedCluster cluster = scenario(seed);
            Replica replica = cluster.origin();
            for (final LogEntry entry : cluster.log()) {
                if (entry.messageId() > replica.version()) {
                    replica = Transition.apply(replica, entry).after();
                }
            }
            assertThat(replica).as("seed %d", seed).isEqualTo(cluster.replica());
        }
    }

    private static List<String> commands(final SimulatedCluster cluster) {
        final List<String> out = new ArrayList<>();
        cluster.log().forEach(e -> out.add(e.messageId() + " " + e.command()));
        return out;
    }

    private static LogParameters params(final long seed) {
        return new LogParameters(JobSchedulerKind.values()[(int) (seed % 3)], LogParameters.LOG_FORMAT);
    }

    /** {@link #churn} checked at quiescence. */
    static SimulatedCluster scenario(final long seed) {
        final SimulatedCluster cluster = churn(seed);
        QuiescenceChecks.check(cluster);
        return cluster;
    }

    /** A random run to quiescence: groups come and go, peers stop, jobs are submitted and killed, gcs run. */
    static SimulatedCluster churn(final long seed) {
        final SimulatedCluster cluster = new SimulatedCluster(seed, params(seed));
        final int operations = 20 + cluster.choose(40);
        int jobs = 0;
        for (int op = 0; op < operations; op++) {
            final int choice = cluster.choose(100);
            final List<String> live = cluster.liveGroups();
            if (choice < 25 || live.isEmpty()) {
                cluster.startGroup(1 + cluster.choose(4), cluster.choose(5) == 0 ? List.of("gpu") : List.of());
            } else if (choice < 35) {
                cluster.crashGroup(live.get(cluster.choose(live.size())));
            } else if (choice < 45) {
                final List<String> peers = cluster.livePeers();
                if (!peers.isEmpty()) {
                    final String peer = peers.get(cluster.choose(peers.size()));
                    cluster.stopPeer(peer.substring(0, peer.indexOf("-p")), peer);
                }
            } else if (choice < 60) {
                cluster.submit(randomJob(cluster, "j" + jobs++));
            } else if (choice < 65 && jobs > 0) {
                cluster.kill("j" + cluster.choose(jobs));
            } else if (choice < 68) {
                cluster.gc();
            } else {
                for (int steps = cluster.choose(15); steps > 0; steps--) {
                    cluster.step();
                }
            }
        }
        if (cluster.liveGroups().isEmpty()) {
            cluster.startGroup(2, List.of());
        }
        cluster.runToQuiescence();
        return cluster;
    }

    private static JobSpec randomJob(final SimulatedCluster cluster, final String id) {
        final int tasks = 1 + cluster.choose(4);
        final List<TaskSpec> specs = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            final long min = 1 + cluster.choose(2);
            final long max = cluster.choose(3) == 0 ? Long.MAX_VALUE : min + cluster.choose(3);
            final boolean grouped = cluster.choose(4) == 0;
            final FluxPolicy flux = grouped ? FluxPolicy.values()[cluster.choose(3)] : null;
            final long fixedMax = flux == FluxPolicy.RECOVER ? min : max;
            specs.add(new TaskSpec("t" + i, i == 0 ? TaskType.INPUT : TaskType.FUNCTION, min, fixedMax, flux,
                cluster.choose(8) == 0 ? List.of("gpu") : List.of(), 100 / tasks, grouped, false));
        }
        final TaskSchedulerKind scheduler = TaskSchedulerKind.values()[cluster.choose(3)];
        return new JobSpec(id, specs, scheduler, 10 + cluster.choose(40));
    }
}
