package io.sardonyx.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sardonyx.client.SardonyxClient;
import io.sardonyx.job.ClassPathFunctionChecker;
import io.sardonyx.job.Job;
import io.sardonyx.job.JobValidator;
import io.sardonyx.job.PackagePolicy;
import io.sardonyx.job.Task;
import io.sardonyx.log.store.EmbeddedZooKeeper;
import io.sardonyx.log.store.LogGcedException;
import io.sardonyx.log.LogParameters;
import io.sardonyx.log.PeerSite;
import io.sardonyx.log.Replica;
import io.sardonyx.log.ReplicaJson;
import io.sardonyx.log.ReplicaInvariants;
import io.sardonyx.log.store.ZooKeeperConnection;
import io.sardonyx.log.store.ZooKeeperLog;
import io.sardonyx.job.JobSchedulerKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Peer groups with their own ZooKeeper sessions on a real embedded server, in one JVM. */
class PeerGroupTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    @TempDir
    Path dir;
    private EmbeddedZooKeeper server;
    private final List<CuratorFramework> sessions = new ArrayList<>();
    private final List<PeerGroup> groups = new ArrayList<>();

    @BeforeEach
    void start() {
        server = EmbeddedZooKeeper.start("127.0.0.1", 0, dir.resolve("zk"));
    }

    @AfterEach
    void stop() {
        groups.forEach(PeerGroup::close);
        sessions.forEach(CuratorFramework::close);
        server.close();
    }

    private ZooKeeperLog log(final String tenancy) {
        final CuratorFramework session = ZooKeeperConnection.open(server.connectString(), 2_000, null);
        sessions.add(session);
        return new ZooKeeperLog(session, tenancy);
    }

    private PeerGroup group(final String tenancy, final int peers) {
        final PeerGroup group = new PeerGroup(log(tenancy), new PeerGroupConfig(peers, List.of(),
            new PeerSite("127.0.0.1", 40200), LogParameters.DEFAULT)).start();
        groups.add(group);
        return group;
    }

    private static SardonyxClient client(final ZooKeeperLog log) {
        return new SardonyxClient(log, new JobValidator(
            new ClassPathFunctionChecker(PeerGroupTest.class.getClassLoader(), PackagePolicy.ANY)));
    }

    private static Job job(final String id) {
        return Job.builder().chain("in", "inc", "out").jobConfig(io.sardonyx.job.Fusion.JOB_CONFIG_KEY, false)
            .task(Task.input("in", "seq").batchSize(10).maxPeers(1).with("seq/elements", List.of(Map.of("n", 1L))))
            .task(Task.function("inc", "io.sardonyx.job.fixtures.Fns::inc").batchSize(10).maxPeers(1))
            .task(Task.output("out", "collect").batchSize(10).maxPeers(1))
            .metadata("job-id", id).build();
    }

    /** Waits until every group holds the same replica with the given groups joined and no join in flight. */
    private void awaitSettled(final int groupCount, final String why) {
        await(why).atMost(PATIENCE).untilAsserted(() -> {
            final Replica r = groups.get(0).replica();
            assertThat(r.membership().groups()).as(dump()).hasSize(groupCount);
            assertThat(r.membership().ring().prepared()).as(dump()).isEmpty();
            assertThat(r.membership().ring().accepted()).as(dump()).isEmpty();
            for (final PeerGroup g : groups) {
                assertThat(g.replica()).as(dump()).isEqualTo(r);
            }
            assertThat(ReplicaInvariants.violations(r)).as(dump()).isEmpty();
        });
    }

    private String dump() {
        return "replica of the first group: " + ReplicaJson.toJson(groups.get(0).replica());
    }

    @Test
    void groupsJoinARingScheduleAJobAndRescheduleItWhenAGroupDies() {
        for (int i = 0; i < 3; i++) {
            group("ring", 2);
        }
        awaitSettled(3, "three groups join");
        final Map<String, String> pairs = groups.get(0).replica().membership().ring().pairs();
        assertThat(new HashSet<>(pairs.keySet())).isEqualTo(new HashSet<>(pairs.values()));

        final ZooKeeperLog clientLog = log("ring");
        final String id = client(clientLog).submitJob(job("6a1f0e3c-2f4b-4d5e-9a7b-1c2d3e4f5a6b"));
        await("the job runs").atMost(PATIENCE).until(() -> groups.get(0).replica().allocations().allocated(id));
        await("the peers were told").atMost(PATIENCE).until(() ->
            groups.stream().mapToInt(g -> g.running().size()).sum() == 3);

        // A crash: the session of the group running the job's input ends without a word.
        final PeerGroup victim = groups.stream().filter(g -> g.running().values().stream()
            .anyMatch(t -> t.task().equals("in"))).findFirst().orElseThrow();
        final int index = groups.indexOf(victim);
        groups.remove(index);
        victim.close();
        sessions.get(index).close();
        awaitSettled(2, "the ring closes over the dead group");
        await("the job is rescheduled on the survivors").atMost(PATIENCE).until(() -> {
            final Replica r = groups.get(0).replica();
            return r.allocations().allocated(id) && r.allocations().byPeer().size() == 3;
        });
        assertThat(groups.get(0).replica().membership().left()).contains(victim.id());
    }

    @Test
    void submissionIsIdempotentAndADifferentJobUnderTheSameIdIsRefused() {
        group("idem", 3);
        awaitSettled(1, "one group joins");
        final SardonyxClient client = client(log("idem"));
        final String id = "0e1f0e3c-2f4b-4d5e-9a7b-1c2d3e4f5a6b";
        assertThat(client.submitJob(job(id))).isEqualTo(id);
        assertThat(client.submitJob(job(id))).isEqualTo(id);
        await().atMost(PATIENCE).until(() -> groups.get(0).replica().jobs().active().equals(List.of(id)));
        final Job other = Job.builder().chain("in", "out").task(Task.input("in", "seq").batchSize(1)
            .with("seq/elements", List.of()))
            .task(Task.output("out", "collect").batchSize(1)).metadata("job-id", id).build();
        assertThatThrownBy(() -> client.submitJob(other)).hasMessageContaining("already names a different job");
        client.killJob(id);
        await().atMost(PATIENCE).until(() -> groups.get(0).replica().jobs().killed().equals(List.of(id)));
        assertThat(client.replica().jobs().killed()).containsExactly(id);
    }

    @Test
    void gcCompactsTheLogAndNewGroupsStartFromTheOrigin() {
        group("gc", 2);
        awaitSettled(1, "one group joins");
        final ZooKeeperLog clientLog = log("gc");
        final SardonyxClient client = client(clientLog);
        final String id = client.submitJob(job("1e1f0e3c-2f4b-4d5e-9a7b-1c2d3e4f5a6b"));
        client.killJob(id);
        final long at = client.gc().entry();
        assertThat(clientLog.origin().messageId()).isEqualTo(at);
        assertThat(clientLog.origin().replica().jobs().killed()).isEmpty();
        assertThatThrownBy(() -> clientLog.read(0)).isInstanceOf(LogGcedException.class);
        group("gc", 2);
        awaitSettled(2, "a group started after the gc joins from the origin");
    }

    @Test
    void aGroupWhoseSessionExpiresRejoinsUnderANewId() throws Exception {
        group("expiry", 1);
        final PeerGroup survivor = group("expiry", 1);
        awaitSettled(2, "two groups join");
        final PeerGroup victim = groups.get(0);
        final String oldId = victim.id();
        // Expire the victim's session from outside, as a long pause or a partition would.
        final org.apache.zookeeper.ZooKeeper zk = sessions.get(0).getZookeeperClient().getZooKeeper();
        final java.util.concurrent.CountDownLatch connected = new java.util.concurrent.CountDownLatch(1);
        final org.apache.zookeeper.ZooKeeper twin = new org.apache.zookeeper.ZooKeeper(server.connectString(),
            2_000, event -> {
                if (event.getState() == org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
            }, zk.getSessionId(), zk.getSessionPasswd());
        assertThat(connected.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("twin connected").isTrue();
        twin.close();
        await("the victim rejoins under a new id").atMost(PATIENCE).until(() -> !oldId.equals(victim.id()));
        awaitSettled(2, "the ring holds the survivor and the reborn group");
        assertThat(survivor.replica().membership().left()).contains(oldId);
        assertThat(survivor.replica().membership().groups()).contains(victim.id());
    }

    @Test
    void aPeerWithOtherLogParametersRefusesToJoin() {
        group("params", 1);
        final PeerGroup balanced = new PeerGroup(log("params"), new PeerGroupConfig(1, List.of(),
            new PeerSite("127.0.0.1", 40200), new LogParameters(JobSchedulerKind.BALANCED, LogParameters.LOG_FORMAT)));
        assertThatThrownBy(balanced::start).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("cannot join this cluster").hasMessageContaining("same job scheduler");
    }
}
