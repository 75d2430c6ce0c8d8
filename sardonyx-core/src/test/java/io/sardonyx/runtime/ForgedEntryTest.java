package io.sardonyx.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sardonyx.api.JobStatus;
import io.sardonyx.api.SegmentQueue;
import io.sardonyx.client.Engine;
import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.log.command.CompleteJob;
import io.sardonyx.log.command.RejectedEntry;
import io.sardonyx.log.store.LogEntry;
import io.sardonyx.log.store.LogStoreException;
import io.sardonyx.log.store.ZooKeeperConnection;
import io.sardonyx.log.store.ZooKeeperLog;
import io.sardonyx.task.RuntimeSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A well-formed but forged {@code complete-job}, appended to a tenancy with a secret by an outsider who reaches its
 * ZooKeeper (no credentials, so its znodes are world-writable) but lacks the secret, on a real ZooKeeper: every
 * group rejects it for its missing seal, the endless job keeps running, and a process without the secret cannot
 * write the log through Sardonyx either. Written with the secret, the same command applies.
 */
class ForgedEntryTest {
    private static final byte[] SECRET = "a tenancy secret of 32 bytes....".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aForgedCompleteJobIsRejectedWhereTheTenancySealsItsEntries() throws Exception {
        try (Sardonyx sardonyx = Sardonyx.builder().runtime(RuntimeSettings.DEFAULT.withBarrierPeriodMs(50))
                 .secret(SECRET).build()) {
            sardonyx.startPeers(2);
            sardonyx.startPeers(2);
            final SegmentQueue endless = sardonyx.queue("endless-" + UUID.randomUUID());
            endless.put(Map.of("n", 1L));
            final JobHandle job = sardonyx.submit(Job.builder().chain("in", "inc", "out")
                .task(Task.input("in", "queue").batchSize(10).with("queue/name", endless.name()))
                .task(Task.function("inc", "io.sardonyx.runtime.Fns::inc").batchSize(10))
                .task(Task.output("out", "collect").batchSize(10)).build());
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> job.status() == JobStatus.RUNNING);

            final CuratorFramework outsider = ZooKeeperConnection.open(sardonyx.zookeeper(), 10_000, null);
            final long forged;
            try {
                // Exactly what Sardonyx writes for a completion, without the seal.
                final String created = outsider.create().withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                    .forPath("/sardonyx/" + sardonyx.tenancy() + "/log/entry-",
                        LogEntry.encode(new CompleteJob(job.id()), "outsider", -1));
                forged = Long.parseLong(created.substring(created.lastIndexOf('-') + 1));
                // Through Sardonyx's own store, but without the secret: refused before it is written.
                final ZooKeeperLog unsealed = new ZooKeeperLog(outsider, sardonyx.tenancy());
                assertThatThrownBy(() -> unsealed.append(new CompleteJob(job.id()), "outsider", -1))
                    .isInstanceOf(LogStoreException.class).hasMessageContaining("seals its log entries")
                    .hasMessageContaining("--secret-file");
            } finally {
                outsider.close();
            }
            Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> sardonyx.scrape().contains("sardonyx_log_rejected_entries_total 2.0"));
            final Optional<LogEntry> read = Engine.of(sardonyx).store().read(forged);
            assertThat(read).isPresent();
            assertThat(read.get().command()).isInstanceOfSatisfying(RejectedEntry.class,
                r -> assertThat(r.why()).contains("log entry " + forged).contains("carries no seal"));
            assertThat(job.status()).as("the forged completion changed nothing").isEqualTo(JobStatus.RUNNING);
            endless.put(Map.of("n", 2L));
            endless.close();
            final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, job);
            assertThat(outcome.completed()).as(outcome.reason()).isTrue();
            assertThat(job.collected("out")).hasSize(2);
        }
    }
}
