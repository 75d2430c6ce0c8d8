package io.sardonyx.runtime;

import io.sardonyx.client.CheckpointView;
import io.sardonyx.client.Peers;
import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.job.Job;
import io.sardonyx.codec.JsonText;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskType;
import io.sardonyx.job.Trigger;
import io.sardonyx.job.TriggerKind;
import io.sardonyx.job.Window;
import io.sardonyx.job.WindowType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State follows the peer count: a job with no peer counts loses a peer group mid-job and goes on with fewer peers, then
 * gains one and goes on with more, each time from its last checkpoint with its state redistributed (the file input's
 * positions by split, the grouped window state by key group, the collect and file outputs merged), and its output is
 * exact.
 */
class RescaleTest {
    private static final int LINES = 40_000;
    private static final int KEYS = 50;

    @TempDir
    Path dir;

    @Test
    void aJobWithoutPeerCountsShrinksAndGrowsExactly() throws Exception {
        final Path input = dir.resolve("in.jsonl");
        final StringBuilder text = new StringBuilder();
        final Map<Long, Long> sums = new TreeMap<>();
        for (long i = 0; i < LINES; i++) {
            text.append("{\"n\":").append(i).append(",\"k\":").append(i % KEYS).append("}\n");
            sums.merge(i % KEYS, i, Long::sum);
        }
        Files.writeString(input, text);
        final Path output = dir.resolve("out.jsonl");
        final Job job = Job.builder()
            .edge("in", "slow").edge("slow", "count").edge("count", "sums").edge("slow", "out")
            .task(Task.input("in", "file").batchSize(50).with("file/path", input.toString()))
            .task(Task.function("slow", "io.sardonyx.runtime.Groups::slowly").batchSize(50)
                .with(Task.BATCH_FN, true))
            .task(Task.builder("count", TaskType.REDUCE).batchSize(50).with(Task.GROUP_BY_KEY, "k")
                .with(Task.FLUX_POLICY, "recover").build())
            .task(Task.output("sums", "collect").batchSize(50))
            .task(Task.output("out", "file").batchSize(50).with("file/path", output.toString()))
            .window(Window.builder("total", "count", WindowType.GLOBAL).aggregation(
                "onyx.windowing.aggregation/sum", "n"))
            .trigger(Trigger.builder("at-end", "total", TriggerKind.SEGMENT).threshold(10_000_000)
                .emit("io.sardonyx.runtime.WindowFns::emit"))
            .build();
        try (Sardonyx sardonyx = RuntimeTestSupport.environment()) {
            sardonyx.startPeers(5);
            final Peers second = sardonyx.startPeers(5);
            final JobHandle handle = sardonyx.submit(job);
            final TreeSet<Integer> counts = new TreeSet<>();
            await(sardonyx, () -> slotsOfCount(sardonyx, handle.id(), counts) == 2);
            second.close();
            await(sardonyx, () -> slotsOfCount(sardonyx, handle.id(), counts) == 1);
            sardonyx.startPeers(5);
            await(sardonyx, () -> slotsOfCount(sardonyx, handle.id(), counts) == 2);
            final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, handle);
            assertThat(outcome.completed()).as(outcome.reason()).isTrue();
            assertThat(counts).as("checkpoints were taken on 2, 1 and 2 peers").containsExactly(1, 2);

            final Map<Long, Long> emitted = new TreeMap<>();
            for (final Map<String, Object> s : handle.collected("sums")) {
                assertThat(emitted.put((Long) s.get("group"), (Long) s.get("state"))).as("one sum per key").isNull();
            }
            assertThat(emitted).isEqualTo(sums);

            final List<Long> written = new ArrayList<>();
            try (var files = Files.list(dir)) {
                for (final Path p : files.filter(p -> p.getFileName().toString().startsWith("out")).toList()) {
                    assertThat(p).as("no pending directory is left: %s", Files.isDirectory(p)
                        ? Files.list(p).map(Path::toString).toList() : "").isRegularFile();
                    for (final String line : Files.readAllLines(p)) {
                        written.add((Long) ((Map<?, ?>) JsonText.parse(line)).get("n"));
                    }
                }
            }
            final Map<Long, Integer> seen = new HashMap<>();
            written.forEach(n -> seen.merge(n, 1, Integer::sum));
            assertThat(seen).as("every line written once").hasSize(LINES);
            assertThat(seen.values()).containsOnly(1);
        }
    }

    /** The peer count of task count in the newest checkpoint; also collects every count seen. */
    private static int slotsOfCount(final Sardonyx sardonyx, final String job, final TreeSet<Integer> seen) {
        final List<CheckpointView> stored = sardonyx.checkpoints(job);
        if (stored.isEmpty()) {
            return 0;
        }
        stored.forEach(s -> seen.add(s.slots().getOrDefault("count", 0)));
        return stored.get(stored.size() - 1).slots().getOrDefault("count", 0);
    }

    private static void await(final Sardonyx sardonyx, final BooleanSupplier condition) {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(condition::getAsBoolean);
        } catch (final org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("timed out; log:\n" + RuntimeTestSupport.log(sardonyx), e);
        }
    }
}
