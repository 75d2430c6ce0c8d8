package io.sardonyx.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.api.JobStatus;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.messaging.MessagingSettings;
import io.sardonyx.task.RuntimeSettings;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jobs whose segments cross Aeron UDP (short-circuit off, two peer groups): volume with back pressure through
 * small term buffers, a segment over the size limit, and a job that waits for its minimum peers.
 */
class AeronMessagingTest {
    private static Sardonyx sardonyx;

    @BeforeAll
    static void start() {
        sardonyx = Sardonyx.builder()
            .runtime(RuntimeSettings.DEFAULT.withBarrierPeriodMs(50))
            .messaging(new MessagingSettings("127.0.0.1", false, 64 * 1024, 4 * 1024, 8, 1408))
            .build();
        sardonyx.startPeers(2);
        sardonyx.startPeers(2);
    }

    @AfterAll
    static void stop() {
        sardonyx.close();
    }

    /** Every task on peers of its own: the hops between them are what is tested. */
    private static final String APART = io.sardonyx.job.Fusion.JOB_CONFIG_KEY;

    @Test
    void manySegmentsCrossUdpWithBackPressureAndNoneIsLostOrDuplicated() throws Exception {
        final int count = 20_000;
        final JobHandle handle = sardonyx.submit(Job.builder().chain("in", "inc", "out").jobConfig(APART, false)
            .task(Task.input("in", "seq").batchSize(200).with("seq/elements", RuntimeTestSupport.numbers(count)))
            .task(Task.function("inc", "io.sardonyx.runtime.Fns::inc").batchSize(200))
            .task(Task.output("out", "collect").batchSize(200))
            .taskScheduler(TaskSchedulerKind.BALANCED).build());
        final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, handle);
        assertThat(outcome.completed()).as(outcome.reason()).isTrue();
        final List<Map<String, Object>> out = handle.collected("out");
        final Set<Long> ns = new HashSet<>();
        out.forEach(s -> ns.add((Long) s.get("n")));
        assertThat(out).hasSize(count);
        assertThat(ns).hasSize(count);
    }

    @Test
    void aSegmentOverTheLimitKillsTheJobWithAClearReason() throws Exception {
        final JobHandle handle = sardonyx.submit(Job.builder().chain("in", "huge", "out").jobConfig(APART, false)
            .task(Task.input("in", "seq").batchSize(10).with("seq/elements", RuntimeTestSupport.numbers(10)))
            .task(Task.function("huge", "io.sardonyx.runtime.Groups::huge").batchSize(10))
            .task(Task.output("out", "collect").batchSize(10))
            .taskScheduler(TaskSchedulerKind.BALANCED).build());
        final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, handle);
        assertThat(outcome.status()).isEqualTo(JobStatus.KILLED);
        assertThat(outcome.reason()).contains("task huge threw in write-batch").contains("over the maximum of 4096");
    }

    @Test
    void aJobWaitsForItsMinimumPeersAndRunsWhenTheyJoin() throws Exception {
        final JobHandle handle = sardonyx.submit(Job.builder().chain("in", "inc", "out").jobConfig(APART, false)
            .task(Task.input("in", "seq").batchSize(10).with("seq/elements", RuntimeTestSupport.numbers(10)))
            .task(Task.function("inc", "io.sardonyx.runtime.Fns::inc").batchSize(10).minPeers(4))
            .task(Task.output("out", "collect").batchSize(10))
            .taskScheduler(TaskSchedulerKind.BALANCED).build());
        Awaitility.await().until(() -> handle.status() == JobStatus.WAITING);
        final var extra = sardonyx.startPeers(2);
        try {
            final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, handle);
            assertThat(outcome.completed()).as(outcome.reason()).isTrue();
            assertThat(handle.collected("out")).hasSize(10);
        } finally {
            extra.close();
        }
    }
}
