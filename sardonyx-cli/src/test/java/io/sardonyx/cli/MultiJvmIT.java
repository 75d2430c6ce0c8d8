package io.sardonyx.cli;

import io.sardonyx.client.Engine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.job.Job;
import io.sardonyx.codec.JsonText;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.log.store.EmbeddedZooKeeper;
import io.sardonyx.log.store.LogEntry;
import io.sardonyx.log.Origin;
import io.sardonyx.log.Replica;
import io.sardonyx.log.ReplicaJson;
import io.sardonyx.log.store.Transition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One job with its peers spread over three JVMs on one machine (two started with {@code bin/sardonyx peers}, and
 * this one), its segments crossing between them over Aeron UDP: every segment arrives once.
 */
class MultiJvmIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    private PeerProcesses processes;

    @AfterEach
    void stop() {
        if (processes != null) {
            processes.close();
        }
    }

    /** Replays the log and returns every group that had a peer on the job at some point. */
    private static Set<String> groupsThatRan(final Sardonyx sardonyx, final String jobId) {
        final Origin origin = Engine.of(sardonyx).store().origin();
        Replica replica = origin.replica();
        final Set<String> groups = new HashSet<>();
        for (long id = origin.messageId() + 1; ; id++) {
            final Optional<LogEntry> entry = Engine.of(sardonyx).store().read(id);
            if (entry.isEmpty()) {
                return groups;
            }
            replica = Transition.apply(replica, entry.get()).after();
            final Replica now = replica;
            now.allocations().byJob().getOrDefault(jobId, Map.of()).values().forEach(peers ->
                peers.forEach(p -> groups.add(now.membership().peerInfo().get(p).group())));
        }
    }

    @Test
    void aJobSpansThreeJvmsOverUdp() throws Exception {
        try (EmbeddedZooKeeper server = EmbeddedZooKeeper.start("127.0.0.1", 0, dir.resolve("zk"))) {
            processes = new PeerProcesses(dir);
            processes.start("--peers", "2", "-z", server.connectString(), "-t", "multi-jvm");
            processes.start("--peers", "2", "-z", server.connectString(), "-t", "multi-jvm");
            try (Sardonyx sardonyx = Sardonyx.builder().zookeeper(server.connectString()).tenancy("multi-jvm")
                .build()) {
                sardonyx.startPeers(2);
                await("three groups of two peers join").atMost(PATIENCE)
                    .until(() -> sardonyx.cluster().groups().size() == 3
                        && sardonyx.cluster().peers().size() == 6);
                final int count = 20_000;
                // Every task on peers of its own (no fusion): the hops across JVMs are the subject.
                final JobHandle job = sardonyx.submit(Job.builder().chain("in", "inc", "out")
                    .jobConfig(io.sardonyx.job.Fusion.JOB_CONFIG_KEY, false)
                    .task(Task.input("in", "io.sardonyx.examples.Counter").batchSize(100).nPeers(2)
                        .with("counter/count", (long) count))
                    .task(Task.function("inc", "io.sardonyx.examples.Numbers::inc").batchSize(100).nPeers(2))
                    .task(Task.output("out", "collect").batchSize(100).nPeers(2))
                    .taskScheduler(TaskSchedulerKind.BALANCED).build());
                final JobOutcome outcome;
                try {
                    outcome = job.await(PATIENCE);
                } catch (final java.util.concurrent.TimeoutException e) {
                    throw new AssertionError(e.getMessage() + "\nreplica: "
                        + JsonText.write(ReplicaJson.toJson(Engine.of(sardonyx).replica())) + processes.logs(), e);
                }
                assertThat(outcome.completed()).as(outcome.reason() + processes.logs()).isTrue();
                final List<Map<String, Object>> out = job.collected("out");
                final Set<Long> ns = new HashSet<>();
                out.forEach(s -> ns.add(((Number) s.get("n")).longValue()));
                assertThat(out).hasSize(count);
                assertThat(ns).hasSize(count).contains(1L, (long) count);
                assertThat(groupsThatRan(sardonyx, job.id())).as("peer groups that ran the job").hasSize(3);
            }
        }
    }
}
