package io.sardonyx.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.client.JobOutcome;
import io.sardonyx.api.JobStatus;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.job.Job;
import io.sardonyx.job.Lifecycle;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.task.RuntimeSettings;
import org.junit.jupiter.api.Test;

/** A function that fails every time, answered with restart each time, ends in a kill, not an endless loop. */
class RestartStormTest {
    @Test
    void tooManyRestartsInTheWindowKillTheJob() throws Exception {
        try (Sardonyx sardonyx = Sardonyx.builder()
            .runtime(RuntimeSettings.DEFAULT.withBarrierPeriodMs(50).withRestartLimit(3, 60_000)).build()) {
            sardonyx.startPeers(3);
            final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, sardonyx.submit(Job.builder()
                .chain("in", "throws", "out")
                .task(Task.input("in", "seq").batchSize(10).nPeers(1).with("seq/elements",
                    RuntimeTestSupport.numbers(10)))
                .task(Task.function("throws", "io.sardonyx.runtime.Groups::alwaysThrows").batchSize(10).nPeers(1))
                .task(Task.output("out", "collect").batchSize(10).nPeers(1))
                .lifecycle(Lifecycle.of("throws", "io.sardonyx.runtime.ThrowingCalls").with("test/throw-in", "never"))
                .taskScheduler(TaskSchedulerKind.BALANCED).build()));
            assertThat(outcome.status()).isEqualTo(JobStatus.KILLED);
            assertThat(outcome.reason()).contains("restart storm: 4 restarts").contains("cannot handle");
        }
    }
}
