package io.sardonyx.runtime;

import io.sardonyx.client.Peers;
import io.sardonyx.client.Engine;
import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.client.SardonyxClient;
import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.log.store.JobProgress;
import io.sardonyx.task.RuntimeSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gc deletes the checkpoints of the jobs it forgets and keeps the last finished job of each job-name (a redeploy
 * resumes from it); a job's progress beside the log counts the work of every group that ran it.
 */
class GcAndProgressTest {
    @TempDir
    Path dir;

    private Sardonyx environment() {
        return Sardonyx.builder().runtime(RuntimeSettings.DEFAULT.withBarrierPeriodMs(20))
            .checkpoints(dir.resolve("checkpoints")).build();
    }

    private static Job counting(final String name, final long count, final Map<String, Object> resumePoint) {
        final io.sardonyx.job.JobBuilder job = Job.builder().chain("in", "inc", "out")
            .task(Task.input("in", "io.sardonyx.runtime.PacedInput").batchSize(10).nPeers(1)
                .with("paced/count", count).with("paced/rate", 100_000L))
            .task(Task.function("inc", "io.sardonyx.runtime.Fns::inc").batchSize(10).nPeers(1))
            .task(Task.output("out", "collect").batchSize(10).nPeers(1));
        if (name != null) {
            job.jobName(name);
        }
        if (resumePoint != null) {
            job.resumePoint(resumePoint);
        }
        return job.build();
    }

    private static JobHandle run(final Sardonyx sardonyx, final Job job) throws InterruptedException {
        final JobHandle handle = sardonyx.submit(job);
        final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, handle);
        assertThat(outcome.completed()).as(outcome.reason()).isTrue();
        return handle;
    }

    @Test
    void gcDeletesTheCheckpointsOfTheJobsItForgetsAndKeepsTheLastOfEachName() throws Exception {
        try (Sardonyx sardonyx = environment()) {
            sardonyx.startPeers(2);
            final Path root = sardonyx.checkpointDirectory().orElseThrow();
            final JobHandle v1 = run(sardonyx, counting("counter", 50, null));
            final JobHandle unnamed = run(sardonyx, counting(null, 20, null));
            final JobHandle v2 = run(sardonyx, counting("counter", 60, Map.of("in", Map.of("job-id", v1.id()))));
            assertThat(sardonyx.checkpoints(v1.id())).isNotEmpty().allSatisfy(c -> {
                assertThat(c.bytes()).isPositive();
                assertThat(c.problem()).isEmpty();
            });
            for (final JobHandle job : List.of(v1, unnamed, v2)) {
                assertThat(root.resolve(job.id())).exists();
            }

            final SardonyxClient.GcResult gc = sardonyx.gc();
            assertThat(gc.forgotten()).containsExactly(v1.id(), unnamed.id());
            assertThat(gc.kept()).containsExactly(v2.id());
            assertThat(gc.deleted()).containsExactlyInAnyOrder(v1.id(), unnamed.id());
            assertThat(gc.problems()).isEmpty();
            assertThat(root.resolve(v1.id())).doesNotExist();
            assertThat(root.resolve(unnamed.id())).doesNotExist();
            assertThat(root.resolve(v2.id())).as("the last finished job of a name keeps its checkpoints").exists();
            assertThat(sardonyx.cluster().completed()).containsExactly(v2.id());
            assertThat(sardonyx.checkpoints(v1.id())).isEmpty();

            // A redeploy resumes from the kept job; a resume point naming a forgotten one says why it cannot.
            final JobHandle v3 = run(sardonyx, counting("counter", 70, Map.of("in", Map.of("job-id", v2.id()))));
            final List<Long> resumed = v3.collected("out").stream().map(s -> (Long) s.get("n")).toList();
            assertThat(resumed).as("numbers 61 to 70 only: the input went on where v2's stopped").hasSize(10);
            final JobOutcome refused = RuntimeTestSupport.await(sardonyx, sardonyx.submit(counting("other", 10,
                Map.of("in", Map.of("job-id", v1.id())))));
            assertThat(refused.completed()).isFalse();
            assertThat(refused.reason()).contains("whose checkpoints were deleted when gc (entry " + gc.entry());

            final SardonyxClient.GcResult again = sardonyx.gc();
            assertThat(again.forgotten()).as("v2 goes once a newer job of its name finished").contains(v2.id())
                .doesNotContain(v3.id());
            assertThat(root.resolve(v2.id())).doesNotExist();
            assertThat(root.resolve(v3.id())).exists();
        }
    }

    @Test
    void progressBesideTheLogCountsTheWorkOfEveryGroup() throws Exception {
        try (Sardonyx sardonyx = environment()) {
            sardonyx.startPeers(1);
            sardonyx.startPeers(1);
            final int count = 3_000;
            // Two peers on the fused task, one in each group: each group counts only its own.
            final JobHandle job = run(sardonyx, Job.builder().chain("in", "inc", "out")
                .task(Task.input("in", "io.sardonyx.runtime.PacedInput").batchSize(10).nPeers(2)
                    .with("paced/count", (long) count).with("paced/rate", 100_000L))
                .task(Task.function("inc", "io.sardonyx.runtime.Fns::inc").batchSize(10).nPeers(2))
                .task(Task.output("out", "collect").batchSize(10).nPeers(2)).build());
            org.awaitility.Awaitility.await("both groups write their last counts")
                .atMost(java.time.Duration.ofSeconds(10)).until(() -> {
                    final List<JobProgress> records = JobProgress.read(Engine.of(sardonyx).store(), job.id());
                    return records.size() == 2 && records.stream().allMatch(r -> r.running() == 0);
                });
            final List<JobProgress> records = JobProgress.read(Engine.of(sardonyx).store(), job.id());
            assertThat(records).extracting(JobProgress::group).containsExactlyInAnyOrderElementsOf(
                sardonyx.peers().stream().map(Peers::id).toList());
            assertThat(records).allSatisfy(r -> assertThat(r.tasks().get("in").in()).isPositive());
            final Map<String, JobProgress.Counts> total = JobProgress.total(records);
            assertThat(total).containsOnlyKeys("in");
            assertThat(total.get("in")).isEqualTo(new JobProgress.Counts(count, count));
        }
    }
}
