package io.sardonyx.log;

import io.sardonyx.log.store.EmbeddedZooKeeper;
import io.sardonyx.log.store.LogEntry;
import io.sardonyx.log.store.LogGcedException;
import io.sardonyx.log.store.LogStoreException;
import io.sardonyx.log.store.ZooKeeperConnection;
import io.sardonyx.log.store.ZooKeeperLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sardonyx.log.command.KillJob;
import io.sardonyx.log.command.PrepareJoinCluster;
import io.sardonyx.job.JobSchedulerKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log on a real ZooKeeper server (embedded, on a loopback port). */
class ZooKeeperLogTest {
    @TempDir
    static Path dir;
    static EmbeddedZooKeeper server;

    @BeforeAll
    static void startServer() {
        server = EmbeddedZooKeeper.start("127.0.0.1", 0, dir.resolve("zk"));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static CuratorFramework client() {
        return ZooKeeperConnection.open(server.connectString(), 5_000, null);
    }

    @Test
    void shouldGiveConcurrentAppendsOneOrderThatEveryReaderSees() throws Exception {
        try (CuratorFramework a = client(); CuratorFramework b = client()) {
            final ZooKeeperLog logA = new ZooKeeperLog(a, "order");
            final ZooKeeperLog logB = new ZooKeeperLog(b, "order");
            logA.parameters(LogParameters.DEFAULT);
            final ExecutorService pool = Executors.newFixedThreadPool(4);
            final List<Future<Long>> ids = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                final ZooKeeperLog log = i % 2 == 0 ? logA : logB;
                final String job = "j" + i;
                ids.add(pool.submit(() -> log.append(new KillJob(job), null, -1)));
            }
            final List<Long> written = new ArrayList<>();
            for (final Future<Long> id : ids) {
                written.add(id.get());
            }
            pool.shutdown();
            assertThat(written).doesNotHaveDuplicates().allMatch(id -> id >= 0 && id < 100);
            for (long id = 0; id < 100; id++) {
                final LogEntry fromA = logA.read(id).orElseThrow();
                assertThat(logB.read(id)).contains(fromA);
                assertThat(fromA.createdAtMs()).isPositive();
            }
            assertThat(logA.read(100)).isEmpty();
        }
    }

    @Test
    void shouldKeepTheFirstParametersAndMoveTheOriginOnlyForward() {
        try (CuratorFramework c = client()) {
            final ZooKeeperLog log = new ZooKeeperLog(c, "params");
            assertThat(log.parameters(LogParameters.DEFAULT)).isEqualTo(LogParameters.DEFAULT);
            final LogParameters balanced = new LogParameters(JobSchedulerKind.BALANCED, LogParameters.LOG_FORMAT);
            assertThat(log.parameters(balanced)).isEqualTo(LogParameters.DEFAULT);
            assertThat(balanced.incompatibilityWith(LogParameters.DEFAULT))
                .contains("every peer of a tenancy must use the same job scheduler");

            for (int i = 0; i < 5; i++) {
                log.append(new PrepareJoinCluster("g" + i), null, -1);
            }
            final Replica r = Replicas.joined(Replica.empty(LogParameters.DEFAULT), 2, "a", "b");
            assertThat(log.origin().messageId()).isEqualTo(-1);
            assertThat(log.advanceOrigin(new Origin(3, r))).isTrue();
            assertThat(log.advanceOrigin(new Origin(2, r))).isFalse();
            assertThat(log.origin()).isEqualTo(new Origin(3, r));
            log.deleteBefore(3);
            assertThatThrownBy(() -> log.read(1)).isInstanceOf(LogGcedException.class)
                .hasMessageContaining("the origin is now at entry 3");
            assertThat(log.read(3)).isPresent();
            assertThat(log.read(4)).isPresent();
        }
    }

    @Test
    void shouldWakeAWaitingReaderWhenTheEntryIsWritten() throws Exception {
        try (CuratorFramework c = client()) {
            final ZooKeeperLog log = new ZooKeeperLog(c, "await");
            log.parameters(LogParameters.DEFAULT);
            assertThat(log.await(0, 50)).isEmpty();
            final Thread writer = new Thread(() -> log.append(new KillJob("x"), null, -1));
            writer.start();
            assertThat(log.await(0, 10_000)).map(LogEntry::command).contains(new KillJob("x"));
            writer.join();
        }
    }

    @Test
    void shouldLosePulsesWithTheirSessionAndTellTheWatchers() {
        try (CuratorFramework watcherClient = client()) {
            final ZooKeeperLog watcher = new ZooKeeperLog(watcherClient, "pulse");
            final List<String> gone = new CopyOnWriteArrayList<>();
            final CuratorFramework doomed = client();
            final ZooKeeperLog group = new ZooKeeperLog(doomed, "pulse");
            group.registerPulse("g1");
            assertThat(watcher.pulseExists("g1")).isTrue();
            watcher.watchPulse("g1", gone::add);
            doomed.close();
            await().atMost(Duration.ofSeconds(20)).until(() -> gone.contains("g1"));
            assertThat(watcher.pulseExists("g1")).isFalse();
            watcher.watchPulse("g1", gone::add);
            assertThat(gone).containsExactly("g1", "g1");
        }
    }

    @Test
    void shouldStoreJobsOnceAndRefuseReadersWithoutCredentials() {
        try (CuratorFramework owner = ZooKeeperConnection.open(server.connectString(), 5_000, "sardonyx:s3cret");
             CuratorFramework stranger = client()) {
            final ZooKeeperLog log = new ZooKeeperLog(owner, "secured");
            log.parameters(LogParameters.DEFAULT);
            final StoredJob job = new StoredJob("j1", "{}", "abc");
            assertThat(log.putJob(job)).isEqualTo(job);
            assertThat(log.putJob(new StoredJob("j1", "{\"x\": 1}", "def"))).isEqualTo(job);
            log.append(new KillJob("j1"), null, -1);
            final ZooKeeperLog intruder = new ZooKeeperLog(stranger, "secured");
            assertThatThrownBy(() -> intruder.read(0)).isInstanceOf(LogStoreException.class)
                .hasMessageContaining("NoAuth");
            assertThatThrownBy(() -> intruder.job("j1")).hasMessageContaining("NoAuth");
        }
    }
}
