package io.sardonyx.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.client.Engine;
import io.sardonyx.client.JobHandle;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.log.command.RejectedEntry;
import io.sardonyx.log.store.LogEntry;
import io.sardonyx.log.store.ZooKeeperConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.Test;

/**
 * Entries an outsider appends to an open tenancy's log (no credentials: its znodes are world-writable), on a real
 * ZooKeeper: not JSON, an unknown command, a kill-job naming a number, a 900 KB entry. Every follower reads each as a
 * rejected entry, skips it, counts it, and goes on: a job submitted after them runs to completion, a kill after them
 * applies.
 */
class PoisonEntriesTest {
    private static final List<String> POISON = List.of(
        "not json at all",
        "{\"log-format\": 1, \"fn\": \"seal-task\", \"args\": {}}",
        "{\"log-format\": 1, \"fn\": \"kill-job\", \"args\": {\"job\": 12}}",
        "{\"log-format\": 1, \"fn\": \"gc\", \"args\": {\"id\": \"" + "x".repeat(900 * 1024) + "\"}}");

    @Test
    void everyFollowerMovesPastPoisonAndTheClusterGoesOn() throws Exception {
        try (Sardonyx sardonyx = RuntimeTestSupport.environment()) {
            sardonyx.startPeers(2);
            sardonyx.startPeers(2);
            final CuratorFramework outsider = ZooKeeperConnection.open(sardonyx.zookeeper(), 10_000, null);
            try {
                for (final String entry : POISON) {
                    outsider.create().withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                        .forPath("/sardonyx/" + sardonyx.tenancy() + "/log/entry-",
                            entry.getBytes(StandardCharsets.UTF_8));
                }
            } finally {
                outsider.close();
            }
            final JobHandle job = sardonyx.submit(Job.builder().chain("in", "inc", "out")
                .task(Task.input("in", "seq").batchSize(10).with("seq/elements", RuntimeTestSupport.numbers(20)))
                .task(Task.function("inc", "io.sardonyx.runtime.Fns::inc").batchSize(10))
                .task(Task.output("out", "collect").batchSize(10)).build());
            assertThat(job.await(Duration.ofMinutes(1)).completed()).as(RuntimeTestSupport.log(sardonyx)).isTrue();
            assertThat(job.collected("out")).hasSize(20);
            final List<String> rejected = new ArrayList<>();
            for (long id = Engine.of(sardonyx).store().origin().messageId() + 1; ; id++) {
                final Optional<LogEntry> entry = Engine.of(sardonyx).store().read(id);
                if (entry.isEmpty()) {
                    break;
                }
                if (entry.get().command() instanceof RejectedEntry r) {
                    rejected.add(r.why());
                }
            }
            assertThat(rejected).hasSize(4);
            assertThat(rejected.get(0)).contains("is not JSON");
            assertThat(rejected.get(1)).contains("unknown log command \"seal-task\"");
            assertThat(rejected.get(2)).contains("kill-job");
            assertThat(rejected.get(3)).contains("over the limit");
            assertThat(sardonyx.scrape()).as("each of the two groups counted four")
                .contains("sardonyx_log_rejected_entries_total 8.0");
        }
    }
}
