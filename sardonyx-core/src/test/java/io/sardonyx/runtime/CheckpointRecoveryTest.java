package io.sardonyx.runtime;

import io.sardonyx.client.Engine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.checkpoint.CheckpointRecord;
import io.sardonyx.checkpoint.Checkpoints;
import io.sardonyx.job.InvalidJobException;
import io.sardonyx.job.Job;
import io.sardonyx.job.Lifecycle;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.log.store.LogStore;
import io.sardonyx.task.RuntimeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that restarts mid-job rolls the job back to its last complete checkpoint: the input resumes from its
 * checkpointed offset (not the start), the collect output from its checkpointed segments, the file output from its
 * checkpointed length, and both outputs hold every result exactly once.
 */
class CheckpointRecoveryTest {
    @TempDir
    Path dir;

    private static Job counting(final long count, final Map<String, Object> resumePoint) {
        return counting(count, resumePoint, true);
    }

    private static Job counting(final long count, final Map<String, Object> resumePoint, final boolean fuse) {
        final io.sardonyx.job.JobBuilder job = Job.builder().chain("in", "inc", "out")
            .task(Task.input("in", "io.sardonyx.runtime.PacedInput").batchSize(10).nPeers(1)
                .with("paced/count", count).with("paced/rate", 100_000L))
            .task(Task.function("inc", "io.sardonyx.runtime.Fns::inc").batchSize(10).nPeers(1))
            .task(Task.output("out", "collect").batchSize(10).nPeers(1))
            .taskScheduler(TaskSchedulerKind.BALANCED);
        if (resumePoint != null) {
            job.resumePoint(resumePoint);
        }
        if (!fuse) {
            job.jobConfig(io.sardonyx.job.Fusion.JOB_CONFIG_KEY, false);
        }
        return job.build();
    }

    @Test
    void aJobResumesFromAnotherJobsCheckpointByTaskName() throws Exception {
        try (Sardonyx sardonyx = environment()) {
            sardonyx.startPeers(3);
            final JobHandle first = sardonyx.submit(counting(100, null));
            assertThat(RuntimeTestSupport.await(sardonyx, first).completed()).isTrue();
            final JobHandle second = sardonyx.submit(counting(150, Map.of(
                "in", Map.of("job-id", first.id()), "out", Map.of("job-id", first.id(), "task", "out"))));
            final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, second);
            assertThat(outcome.completed()).as(outcome.reason()).isTrue();
            final List<Long> expected = oneTo(150);
            final List<Long> collected = new ArrayList<>();
            second.collected("out").forEach(s -> collected.add((Long) s.get("n")));
            assertThat(collected).as("the first job's 100 results, then 50 more from where its input stopped")
                .containsExactlyInAnyOrderElementsOf(expected);

            assertThatThrownBy(() -> sardonyx.submit(counting(10, Map.of("inn", Map.of("job-id", first.id())))))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("names task \"inn\"")
                .hasMessageContaining("did you mean \"in\"");
            final JobOutcome missing = RuntimeTestSupport.await(sardonyx,
                sardonyx.submit(counting(10, Map.of("in", Map.of("job-id", NEVER)))));
            assertThat(missing.reason()).contains("resumes task in from job " + NEVER)
                .contains("no such job was ever submitted");
        }
    }

    private static final String NEVER = "0a1f0e3c-2f4b-4d5e-9a7b-1c2d3e4f5a6b";

    @Test
    void aQueueInputReadsAgainWhatItTookSinceTheLastCompleteCheckpoint() throws Exception {
        Fns.THREW_AT_300.set(false);
        try (Sardonyx sardonyx = environment()) {
            sardonyx.startPeers(3);
            final io.sardonyx.api.SegmentQueue in = sardonyx.queue("replayed-" + java.util.UUID.randomUUID());
            final JobHandle job = sardonyx.submit(Job.builder().chain("in", "inc", "out")
                .task(Task.input("in", "queue").batchSize(5).nPeers(1).with("queue/name", in.name()))
                .task(Task.function("inc", "io.sardonyx.runtime.Fns::incCountingThrowOnce").batchSize(5).nPeers(1))
                .task(Task.output("out", "collect").batchSize(5).nPeers(1))
                .lifecycle(Lifecycle.of("inc", "io.sardonyx.runtime.ThrowingCalls").with("test/throw-in", "never"))
                .taskScheduler(TaskSchedulerKind.BALANCED).build());
            for (long n = 0; n < 400; n++) {
                in.put(Map.of("n", n));
            }
            in.close();
            final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, job);
            assertThat(outcome.completed()).as(outcome.reason()).isTrue();
            assertThat(Fns.THREW_AT_300).isTrue();
            final List<Long> expected = oneTo(400);
            final List<Long> collected = new ArrayList<>();
            job.collected("out").forEach(s -> collected.add((Long) s.get("n")));
            assertThat(collected).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void aRestartResumesFromTheLastCheckpointWithExactOutput() throws Exception {
        Fns.CALLS.set(0);
        Fns.THREW_AT_300.set(false);
        final int count = 400;
        final Path file = dir.resolve("out.jsonl");
        try (Sardonyx sardonyx = environment()) {
            sardonyx.startPeers(4);
            final JobHandle job = sardonyx.submit(Job.builder()
                .edge("in", "inc").edge("inc", "out").edge("inc", "file-out")
                .task(paced(count))
                .task(Task.function("inc", "io.sardonyx.runtime.Fns::incCountingThrowOnce").batchSize(5).nPeers(1))
                .task(Task.output("out", "collect").batchSize(5).nPeers(1))
                .task(Task.output("file-out", "file").batchSize(5).nPeers(1).with("file/path", file.toString()))
                .lifecycle(Lifecycle.of("inc", "io.sardonyx.runtime.ThrowingCalls").with("test/throw-in", "never"))
                .taskScheduler(TaskSchedulerKind.BALANCED).build());
            final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, job);
            assertThat(outcome.completed()).as(outcome.reason()).isTrue();
            assertThat(Fns.THREW_AT_300).isTrue();

            final List<Long> expected = oneTo(count);
            final List<Long> collected = new ArrayList<>();
            job.collected("out").forEach(s -> collected.add((Long) s.get("n")));
            assertThat(collected).as("collect: every result once").containsExactlyInAnyOrderElementsOf(expected);
            assertThat(numbersIn(file)).as("file: every result once").containsExactlyInAnyOrderElementsOf(expected);
            assertThat(Fns.CALLS.get()).as("the input resumed from a checkpoint, not from the start")
                .isGreaterThan(count).isLessThan(count + 250);

            final CheckpointRecord record = record(sardonyx, job);
            assertThat(record.complete()).hasSize(3);
            assertThat(record.latest().slots()).containsEntry("in", 1).containsEntry("out", 1)
                .doesNotContainKey("inc");
        }
    }

    /**
     * The whole chain in one task (input, function, file output fused): a restart mid-job still leaves every result
     * in the file exactly once, and the checkpoint keeps the output's state under its own name.
     */
    @Test
    void aFusedOutputCommitsEveryResultOnceAcrossARestart() throws Exception {
        Fns.CALLS.set(0);
        Fns.THREW_AT_300.set(false);
        final int count = 400;
        final Path file = dir.resolve("fused.jsonl");
        try (Sardonyx sardonyx = environment()) {
            sardonyx.startPeers(1);
            final JobHandle job = sardonyx.submit(Job.builder().chain("in", "inc", "file-out").task(paced(count))
                .task(Task.function("inc", "io.sardonyx.runtime.Fns::incCountingThrowOnce").batchSize(5).nPeers(1))
                .task(Task.output("file-out", "file").batchSize(5).nPeers(1).with("file/path", file.toString()))
                // The lead's lifecycles handle what its fused function throws: restart the peer.
                .lifecycle(Lifecycle.of("in", "io.sardonyx.runtime.ThrowingCalls").with("test/throw-in", "never"))
                .taskScheduler(TaskSchedulerKind.BALANCED).build());
            final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, job);
            assertThat(outcome.completed()).as(outcome.reason() + RuntimeTestSupport.log(sardonyx)).isTrue();
            assertThat(Engine.of(sardonyx).replica().jobs().specs().get(job.id()).tasks()).as("one task").hasSize(1);
            assertThat(Fns.THREW_AT_300).isTrue();
            final List<Long> expected = oneTo(count);
            assertThat(numbersIn(file)).as("file: every result once").containsExactlyInAnyOrderElementsOf(expected);
            assertThat(Fns.CALLS.get()).as("the input resumed from a checkpoint, not from the start")
                .isGreaterThan(count).isLessThan(count + 250);
            final CheckpointRecord record = record(sardonyx, job);
            assertThat(record.latest().slots()).containsEntry("in", 1).containsEntry("file-out", 1)
                .doesNotContainKey("inc");
        }
    }

    /** Checkpoints name tasks as submitted: a fused job resumes from an unfused one's, and the other way round. */
    @Test
    void fusedAndUnfusedJobsResumeFromEachOthersCheckpoints() throws Exception {
        try (Sardonyx sardonyx = environment()) {
            sardonyx.startPeers(3);
            final JobHandle first = sardonyx.submit(counting(100, null, false));
            assertThat(RuntimeTestSupport.await(sardonyx, first).completed()).isTrue();
            assertThat(Engine.of(sardonyx).replica().jobs().specs().get(first.id()).tasks()).hasSize(3);
            final Map<String, Object> resume = Map.of("in", Map.of("job-id", first.id()),
                "out", Map.of("job-id", first.id()));
            final JobHandle second = sardonyx.submit(counting(150, resume));
            assertThat(RuntimeTestSupport.await(sardonyx, second).completed()).isTrue();
            assertThat(Engine.of(sardonyx).replica().jobs().specs().get(second.id()).tasks()).hasSize(1);
            final List<Long> collected = new ArrayList<>();
            second.collected("out").forEach(s -> collected.add((Long) s.get("n")));
            final List<Long> expected = oneTo(150);
            assertThat(collected).as("100 results restored into the fused output, then 50 more")
                .containsExactlyInAnyOrderElementsOf(expected);
            // And back: an unfused job resumes from the fused one's checkpoint.
            final JobHandle third = sardonyx.submit(counting(170, Map.of("in", Map.of("job-id", second.id()),
                "out", Map.of("job-id", second.id())), false));
            assertThat(RuntimeTestSupport.await(sardonyx, third).completed()).isTrue();
            final List<Long> again = new ArrayList<>();
            third.collected("out").forEach(s -> again.add((Long) s.get("n")));
            assertThat(again).containsExactlyInAnyOrderElementsOf(oneTo(170));
        }
    }

    private static List<Long> oneTo(final long last) {
        final List<Long> out = new ArrayList<>();
        for (long n = 1; n <= last; n++) {
            out.add(n);
        }
        return out;
    }

    /** The number on each line of a file output's file. */
    private static List<Long> numbersIn(final Path file) throws java.io.IOException {
        final List<Long> out = new ArrayList<>();
        for (final String line : Files.readAllLines(file)) {
            out.add(Long.parseLong(line.replaceAll("[^0-9]", "")));
        }
        return out;
    }

    private static CheckpointRecord record(final Sardonyx sardonyx, final JobHandle job) {
        final LogStore.Versioned stored = Engine.of(sardonyx).store().jobDataVersioned(job.id(), Checkpoints.RECORD);
        return CheckpointRecord.fromBytes(stored.data(), stored.version());
    }

    private Sardonyx environment() {
        return Sardonyx.builder().runtime(RuntimeSettings.DEFAULT.withBarrierPeriodMs(20))
            .checkpoints(dir.resolve("checkpoints")).build();
    }

    /** The input of the restart tests: {@code count} numbers at 800 a second. */
    private static Task.Builder paced(final long count) {
        return Task.input("in", "io.sardonyx.runtime.PacedInput").batchSize(5).nPeers(1).with("paced/count", count)
            .with("paced/rate", 800L);
    }
}
