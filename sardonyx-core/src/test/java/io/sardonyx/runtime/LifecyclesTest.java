package io.sardonyx.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.api.JobStatus;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.job.Job;
import io.sardonyx.job.Lifecycle;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskSchedulerKind;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Onyx's lifecycles_test and lifecycle_exception_test. */
class LifecyclesTest {
    private static Sardonyx sardonyx;

    @BeforeAll
    static void start() {
        sardonyx = RuntimeTestSupport.environment();
        sardonyx.startPeers(3);
    }

    @AfterAll
    static void stop() {
        sardonyx.close();
    }

    private static io.sardonyx.job.JobBuilder job(final int count) {
        return Job.builder()
            .edge("in", "inc").edge("inc", "out")
            .task(Task.input("in", "seq").batchSize(10).nPeers(1).with("seq/elements",
                RuntimeTestSupport.numbers(count)))
            .task(Task.function("inc", "io.sardonyx.runtime.Fns::inc").batchSize(10).nPeers(1))
            .task(Task.output("out", "collect").batchSize(10).nPeers(1))
            .taskScheduler(TaskSchedulerKind.BALANCED);
    }

    @Test
    void hooksRunInOnyxOrderForTheirTaskAndForAll() throws Exception {
        RecordingCalls.CALLS.clear();
        final JobHandle handle = sardonyx.submit(job(30)
            .lifecycle(Lifecycle.of("all", "io.sardonyx.runtime.RecordingCalls"))
            .build());
        final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, handle);
        assertThat(outcome.completed()).as(outcome.reason()).isTrue();
        final Map<String, List<String>> byPeer = new java.util.TreeMap<>();
        Awaitility.await().until(() -> {
            byPeer.clear();
            RecordingCalls.CALLS.forEach((key, list) -> {
                if (key.startsWith(handle.id() + " ")) {
                    byPeer.put(key.substring(key.indexOf(' ') + 1), List.copyOf(list));
                }
            });
            return byPeer.size() == 3
                && byPeer.values().stream().allMatch(c -> c.get(c.size() - 1).startsWith("after-task-stop"));
        });
        for (final Map.Entry<String, List<String>> entry : byPeer.entrySet()) {
            final List<String> calls = entry.getValue();
            assertThat(calls.subList(0, 2)).as(entry.getKey()).containsExactly("start-task?", "before-task-start");
            assertThat(calls.get(calls.size() - 1)).as(entry.getKey()).isEqualTo("after-task-stop:job-completed");
            final List<String> batches = calls.subList(2, calls.size() - 1);
            assertThat(batches).as(entry.getKey()).isNotEmpty().hasSize(batches.size() / 4 * 4);
            for (int i = 0; i < batches.size(); i += 4) {
                assertThat(batches.subList(i, i + 4)).as(entry.getKey()).containsExactly("before-batch",
                    "after-read-batch", "after-apply-fn", "after-batch");
            }
        }
        assertThat(byPeer.keySet()).extracting(k -> k.substring(0, k.indexOf('@')))
            .containsExactlyInAnyOrder("in", "inc", "out");
        assertThat(handle.collected("out")).hasSize(30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"before-task-start", "before-batch", "after-read-batch"})
    void anExceptionAnsweredWithRestartRestartsThePeerAndTheJobCompletes(final String phase) throws Exception {
        ThrowingCalls.THROWN.clear();
        final JobHandle handle = sardonyx.submit(job(25)
            .lifecycle(Lifecycle.of("inc", "io.sardonyx.runtime.ThrowingCalls").with("test/throw-in", phase))
            .build());
        final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, handle);
        assertThat(outcome.completed()).as(outcome.reason()).isTrue();
        assertThat(ThrowingCalls.THROWN.get(phase).get()).isGreaterThanOrEqualTo(1);
        assertThat(handle.collected("out")).extracting(s -> s.get("n"))
            .containsExactlyInAnyOrderElementsOf(RuntimeTestSupport.numbers(25).stream()
                .map(s -> (Long) s.get("n") + 1).toList());
        Awaitility.await().until(() -> sardonyx.cluster().peers().size() == 3);
    }

    private static io.sardonyx.job.JobBuilder throwOnceJob() {
        return Job.builder()
            .edge("in", "inc").edge("inc", "out")
            .task(Task.input("in", "seq").batchSize(10).nPeers(1).with("seq/elements",
                RuntimeTestSupport.numbers(25)))
            .task(Task.function("inc", "io.sardonyx.runtime.Fns::incThrowOnce").batchSize(10).nPeers(1))
            .task(Task.output("out", "collect").batchSize(10).nPeers(1))
            .taskScheduler(TaskSchedulerKind.BALANCED);
    }

    @Test
    void aFunctionExceptionAnsweredWithRestartReplaysTheJobAndLosesNothing() throws Exception {
        Fns.THREW.set(false);
        final JobHandle handle = sardonyx.submit(throwOnceJob()
            .lifecycle(Lifecycle.of("inc", "io.sardonyx.runtime.ThrowingCalls").with("test/throw-in", "never"))
            .build());
        final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, handle);
        assertThat(outcome.completed()).as(outcome.reason()).isTrue();
        assertThat(Fns.THREW.get()).isTrue();
        assertThat(handle.collected("out")).extracting(s -> s.get("n"))
            .containsExactlyInAnyOrderElementsOf(RuntimeTestSupport.numbers(25).stream()
                .map(s -> (Long) s.get("n") + 1).toList());
    }

    @Test
    void aFunctionExceptionEveryLifecycleDefersKillsTheJob() throws Exception {
        Fns.THREW.set(false);
        RecordingCalls.CALLS.clear();
        final JobHandle handle = sardonyx.submit(throwOnceJob()
            .lifecycle(Lifecycle.of("inc", "io.sardonyx.runtime.RecordingCalls")).build());
        final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, handle);
        assertThat(outcome.status()).isEqualTo(JobStatus.KILLED);
        assertThat(outcome.reason()).contains("task inc threw in apply-fn").contains("seven, once");
        assertThat(RecordingCalls.CALLS.values()).anyMatch(calls -> calls.contains("handle-exception:apply-fn"));
    }

    @Test
    void anExceptionAnsweredWithKillKillsTheJobWithTheReason() throws Exception {
        ThrowingCalls.THROWN.clear();
        final JobHandle handle = sardonyx.submit(job(25)
            .lifecycle(Lifecycle.of("inc", "io.sardonyx.runtime.ThrowingCalls").with("test/throw-in", "after-batch"))
            .build());
        final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, handle);
        assertThat(outcome.status()).isEqualTo(JobStatus.KILLED);
        assertThat(outcome.reason()).contains("Threw exception in after-batch")
            .contains("task inc threw in after-batch");
    }
}
