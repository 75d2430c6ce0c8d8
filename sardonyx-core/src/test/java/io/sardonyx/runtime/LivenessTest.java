package io.sardonyx.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.task.RuntimeSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A function stuck in user code stops its peer's heartbeats: the job's coordinator evicts the peer, the job rolls
 * back to its last checkpoint on a new peer, and its output is exact.
 */
class LivenessTest {
    @Test
    void aStuckPeerIsEvictedAndTheJobCompletesExactly() throws Exception {
        Fns.STUCK_ONCE.set(false);
        Fns.RELEASE.set(false);
        try (Sardonyx sardonyx = Sardonyx.builder()
            .runtime(RuntimeSettings.DEFAULT.withBarrierPeriodMs(50).withLiveness(50, 1_000)).build()) {
            sardonyx.startPeers(4);
            final JobHandle job = sardonyx.submit(Job.builder().chain("in", "inc", "out")
                .task(Task.input("in", "io.sardonyx.runtime.PacedInput").batchSize(5).nPeers(1)
                    .with("paced/count", 60L).with("paced/rate", 200L))
                .task(Task.function("inc", "io.sardonyx.runtime.Fns::incStuckOnce").batchSize(5).nPeers(1))
                .task(Task.output("out", "collect").batchSize(5).nPeers(1))
                .taskScheduler(TaskSchedulerKind.BALANCED).build());
            final JobOutcome outcome;
            try {
                outcome = RuntimeTestSupport.await(sardonyx, job);
            } finally {
                Fns.RELEASE.set(true);
            }
            assertThat(outcome.completed()).as(outcome.reason()).isTrue();
            assertThat(Fns.STUCK_ONCE).isTrue();
            final List<Long> expected = new ArrayList<>();
            for (long n = 1; n <= 60; n++) {
                expected.add(n);
            }
            final List<Long> collected = new ArrayList<>();
            job.collected("out").forEach(s -> collected.add((Long) s.get("n")));
            assertThat(collected).containsExactlyInAnyOrderElementsOf(expected);
        }
    }
}
