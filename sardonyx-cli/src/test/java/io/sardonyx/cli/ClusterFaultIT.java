package io.sardonyx.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sardonyx.client.SardonyxClient;
import io.sardonyx.job.ClassPathFunctionChecker;
import io.sardonyx.job.Job;
import io.sardonyx.job.JobValidator;
import io.sardonyx.job.PackagePolicy;
import io.sardonyx.job.Task;
import io.sardonyx.log.store.EmbeddedZooKeeper;
import io.sardonyx.log.Replica;
import io.sardonyx.log.ReplicaInvariants;
import io.sardonyx.log.ReplicaJson;
import io.sardonyx.log.store.ZooKeeperConnection;
import io.sardonyx.log.store.ZooKeeperLog;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peer groups in separate JVMs (the real launcher, {@code bin/sardonyx peers}) on a real ZooKeeper: they
 * join, a job is scheduled, one JVM is killed with SIGKILL and the ring repairs and the job is rescheduled, then
 * ZooKeeper itself is restarted and the cluster carries on.
 */
@Tag("slow")
class ClusterFaultIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private PeerProcesses processes;
    private EmbeddedZooKeeper server;
    private CuratorFramework session;

    @AfterEach
    void stop() {
        if (processes != null) {
            processes.close();
        }
        if (session != null) {
            session.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void startPeers(final String address) throws IOException {
        processes.start("--peers", "2", "-z", address, "-t", "faults", "--session-timeout-ms", "3000");
    }

    private static Job job(final String id) {
        // Three tasks on three peers (no fusion): faults move each of them.
        return Job.builder().chain("in", "inc", "out").jobConfig(io.sardonyx.job.Fusion.JOB_CONFIG_KEY, false)
            .task(Task.input("in", "io.sardonyx.examples.Counter").batchSize(10).maxPeers(1))
            .task(Task.function("inc", "io.sardonyx.examples.Numbers::inc").batchSize(10).maxPeers(1))
            .task(Task.output("out", "collect").batchSize(10).maxPeers(1))
            .metadata("job-id", id).build();
    }

    private void awaitGroups(final SardonyxClient client, final int count, final String why) {
        await(why).atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            final Replica r = client.replica();
            final String dump = "replica: " + ReplicaJson.toJson(r) + processes.logs();
            assertThat(r.membership().groups()).as(dump).hasSize(count);
            assertThat(r.membership().ring().prepared()).as(dump).isEmpty();
            assertThat(r.membership().ring().accepted()).as(dump).isEmpty();
            assertThat(ReplicaInvariants.violations(r)).as(dump).isEmpty();
            if (count > 1) {
                final Map<String, String> pairs = r.membership().ring().pairs();
                assertThat(new HashSet<>(pairs.values())).as(dump).isEqualTo(pairs.keySet());
            }
        });
    }

    @Test
    void theRingRepairsAfterASigkillAndTheClusterSurvivesAZooKeeperRestart() throws Exception {
        final int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = EmbeddedZooKeeper.start("127.0.0.1", port, dir.resolve("zk"));
        final String address = server.connectString();
        processes = new PeerProcesses(dir);
        for (int i = 0; i < 3; i++) {
            startPeers(address);
        }
        session = ZooKeeperConnection.open(address, 10_000, null);
        final ZooKeeperLog log = new ZooKeeperLog(session, "faults");
        final SardonyxClient client = new SardonyxClient(log, new JobValidator(
            new ClassPathFunctionChecker(getClass().getClassLoader(), PackagePolicy.ANY)));
        await("the tenancy exists").atMost(PATIENCE).until(() -> session.checkExists()
            .forPath(log.root() + "/origin") != null);
        awaitGroups(client, 3, "three JVMs join one ring");

        final String job = client.submitJob(job("2e1f0e3c-2f4b-4d5e-9a7b-1c2d3e4f5a6b"));
        await("the job is scheduled").atMost(PATIENCE)
            .until(() -> client.replica().allocations().byPeer().size() == 3);

        final String doomed = processes.groupIdOf(0);
        assertThat(doomed).isNotNull();
        processes.get(0).destroyForcibly().waitFor();
        awaitGroups(client, 2, "the ring closes over the killed JVM");
        assertThat(client.replica().membership().left()).contains(doomed);
        await("the job is rescheduled on the survivors").atMost(PATIENCE).until(() -> {
            final Replica r = client.replica();
            return r.allocations().allocated(job) && r.allocations().byPeer().size() == 3
                && r.allocations().byPeer().keySet().stream().noneMatch(p ->
                    doomed.equals(r.membership().peerInfo().get(p).group()));
        });

        server.close();
        server = EmbeddedZooKeeper.start("127.0.0.1", port, dir.resolve("zk"));
        startPeers(address);
        awaitGroups(client, 3, "after a ZooKeeper restart the survivors admit a new group");
        client.killJob(job);
        await("the kill is applied").atMost(PATIENCE).until(() -> client.replica().jobs().killed().contains(job));
    }
}
