package io.sardonyx.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sardonyx.api.SardonyxClient;
import io.sardonyx.job.ClassPathFunctionChecker;
import io.sardonyx.job.Job;
import io.sardonyx.job.JobValidator;
import io.sardonyx.job.PackagePolicy;
import io.sardonyx.job.Task;
import io.sardonyx.log.EmbeddedZooKeeper;
import io.sardonyx.log.Replica;
import io.sardonyx.log.ReplicaInvariants;
import io.sardonyx.log.ReplicaJson;
import io.sardonyx.log.ZooKeeperConnection;
import io.sardonyx.log.ZooKeeperLog;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Path HOME = Path.of(System.getProperty("sardonyx.home", "..")).toAbsolutePath();
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Pattern JOINING = Pattern.compile("peer group (\\S+) joining");

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private EmbeddedZooKeeper server;
    private CuratorFramework session;

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        if (session != null) {
            session.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Process startPeers(final String address, final int index) throws IOException {
        final ProcessBuilder builder = new ProcessBuilder(HOME.resolve("bin/sardonyx").toString(), "peers",
            "--peers", "2", "-z", address, "-t", "faults", "--session-timeout-ms", "3000")
            .redirectOutput(dir.resolve("peers-" + index + ".out").toFile())
            .redirectError(dir.resolve("peers-" + index + ".err").toFile());
        builder.environment().put("SARDONYX_NO_BUILD", "1");
        final Process process = builder.start();
        processes.add(process);
        return process;
    }

    private String groupIdOf(final int index) throws IOException {
        final Matcher m = JOINING.matcher(Files.readString(dir.resolve("peers-" + index + ".out")));
        return m.find() ? m.group(1) : null;
    }

    private static Job job(final String id) {
        return Job.builder().chain("in", "inc", "out")
            .task(Task.input("in", "io.sardonyx.examples.Counter").batchSize(10).maxPeers(1))
            .task(Task.function("inc", "io.sardonyx.examples.Numbers::inc").batchSize(10).maxPeers(1))
            .task(Task.output("out", "collect").batchSize(10).maxPeers(1))
            .metadata("job-id", id).build();
    }

    private void awaitGroups(final SardonyxClient client, final int count, final String why) {
        await(why).atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            final Replica r = client.replica();
            final String dump = "replica: " + ReplicaJson.toJson(r) + logs();
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

    private String logs() throws IOException {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < processes.size(); i++) {
            out.append("\n--- peers-").append(i).append(".err:\n")
                .append(Files.readString(dir.resolve("peers-" + i + ".err")));
        }
        return out.toString();
    }

    @Test
    void theRingRepairsAfterASigkillAndTheClusterSurvivesAZooKeeperRestart() throws Exception {
        final int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = EmbeddedZooKeeper.start("127.0.0.1", port, dir.resolve("zk"));
        final String address = server.connectString();
        for (int i = 0; i < 3; i++) {
            startPeers(address, i);
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

        final String doomed = groupIdOf(0);
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
        startPeers(address, 3);
        awaitGroups(client, 3, "after a ZooKeeper restart the survivors admit a new group");
        client.killJob(job);
        await("the kill is applied").atMost(PATIENCE).until(() -> client.replica().jobs().killed().contains(job));
    }
}
