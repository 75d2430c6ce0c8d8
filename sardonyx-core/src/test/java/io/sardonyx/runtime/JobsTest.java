package io.sardonyx.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.api.JobStatus;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.api.SegmentQueue;
import io.sardonyx.job.FluxPolicy;
import io.sardonyx.job.Job;
import io.sardonyx.job.JobBuilder;
import io.sardonyx.job.Lifecycle;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskSchedulerKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Onyx's peer scenarios on one embedded cluster of 6 peers: grouping, params, batch functions, DAGs with several
 * inputs and fan-out/fan-in, killed jobs (by hand and by exceptions), idempotent submission, the queue and file
 * plugins.
 */
class JobsTest {
    private static final String FNS = "io.sardonyx.runtime.Fns::";
    private static Sardonyx sardonyx;

    @BeforeAll
    static void start() {
        sardonyx = RuntimeTestSupport.environment();
        sardonyx.startPeers(6);
    }

    @AfterAll
    static void stop() {
        sardonyx.close();
    }

    private static JobOutcome run(final Job job) throws InterruptedException {
        return RuntimeTestSupport.await(sardonyx, sardonyx.submit(job));
    }

    private static List<Long> ns(final List<Map<String, Object>> segments) {
        return segments.stream().map(s -> ((Number) s.get("n")).longValue()).sorted().collect(Collectors.toList());
    }

    private static List<Long> range(final long from, final long to) {
        final List<Long> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void keyGroupingSendsEveryKeyToOnePeer() throws Exception {
        assertGrouped(Task.function("group", FNS + "identity").batchSize(5).nPeers(2).groupByKey("name")
            .fluxPolicy(FluxPolicy.KILL), "name");
    }

    @Test
    void functionGroupingSendsEveryGroupToOnePeer() throws Exception {
        assertGrouped(Task.function("group", FNS + "identity").batchSize(5).nPeers(2)
            .groupByFn("io.sardonyx.runtime.Groups::firstLetter").fluxPolicy(FluxPolicy.CONTINUE), "name");
    }

    private static void assertGrouped(final Task.Builder grouped, final String key) throws Exception {
        RecordingCalls.KEY_PEERS.clear();
        final List<Map<String, Object>> people = new ArrayList<>();
        final String[] names = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"};
        for (int i = 0; i < 200; i++) {
            people.add(Map.of("name", names[i % names.length], "i", (long) i));
        }
        final Job job = Job.builder()
            .edge("in", "group").edge("group", "out")
            .task(Task.input("in", "seq").batchSize(7).nPeers(2).with("seq/elements", people))
            .task(grouped)
            .task(Task.output("out", "collect").batchSize(5).nPeers(1))
            .lifecycle(Lifecycle.of("group", "io.sardonyx.runtime.RecordingCalls").with("test/group-key", key))
            .taskScheduler(TaskSchedulerKind.BALANCED)
            .build();
        final JobHandle handle = sardonyx.submit(job);
        assertThat(RuntimeTestSupport.await(sardonyx, handle).completed()).isTrue();
        assertThat(handle.collected("out")).hasSize(200);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> handle.collected("nope"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no collect output named nope")
            .hasMessageContaining("[out]");
        assertThat(RecordingCalls.KEY_PEERS).hasSize(names.length);
        RecordingCalls.KEY_PEERS.forEach((k, peers) -> assertThat(peers).as("peers of key " + k).hasSize(1));
        final Set<String> used = new HashSet<>();
        RecordingCalls.KEY_PEERS.values().forEach(used::addAll);
        assertThat(used).as("both peers of the grouped task get keys").hasSize(2);
    }

    @Test
    void paramsAreBoundInFrontOfTheSegment() throws Exception {
        final Job job = Job.builder().chain("in", "add", "out")
            .task(Task.input("in", "seq").batchSize(10).with("seq/elements", RuntimeTestSupport.numbers(20)))
            .task(Task.function("add", FNS + "addParam").batchSize(10).params("my/amount").with("my/amount", 100L))
            .task(Task.output("out", "collect").batchSize(10))
            .taskScheduler(TaskSchedulerKind.BALANCED).build();
        final JobHandle handle = sardonyx.submit(job);
        assertThat(RuntimeTestSupport.await(sardonyx, handle).completed()).isTrue();
        assertThat(ns(handle.collected("out"))).isEqualTo(range(100, 120));
    }

    @Test
    void batchFunctionsTakeTheWholeBatch() throws Exception {
        final Job job = Job.builder().chain("in", "double", "out")
            .task(Task.input("in", "seq").batchSize(8).with("seq/elements", RuntimeTestSupport.numbers(50)))
            .task(Task.function("double", "io.sardonyx.runtime.Groups::doubleAll").batchSize(8).batchFn(true))
            .task(Task.output("out", "collect").batchSize(8))
            .taskScheduler(TaskSchedulerKind.BALANCED).build();
        final JobHandle handle = sardonyx.submit(job);
        assertThat(RuntimeTestSupport.await(sardonyx, handle).completed()).isTrue();
        assertThat(ns(handle.collected("out"))).isEqualTo(range(0, 50).stream().map(n -> n * 2).toList());
    }

    @Test
    void twoInputsFanOutAndFanIn() throws Exception {
        final List<Map<String, Object>> more = new ArrayList<>();
        for (long i = 1000; i < 1050; i++) {
            more.add(Map.of("n", i));
        }
        final Job job = Job.builder()
            .edge("in-a", "left").edge("in-b", "left").edge("in-b", "right").edge("left", "join")
            .edge("right", "join").edge("join", "out")
            .task(Task.input("in-a", "seq").batchSize(10).nPeers(1).with("seq/elements",
                RuntimeTestSupport.numbers(50)))
            .task(Task.input("in-b", "seq").batchSize(10).nPeers(1).with("seq/elements", more))
            .task(Task.function("left", FNS + "identity").batchSize(10).nPeers(1))
            .task(Task.function("right", FNS + "inc").batchSize(10).nPeers(1))
            .task(Task.function("join", FNS + "identity").batchSize(10).nPeers(1))
            .task(Task.output("out", "collect").batchSize(10).nPeers(1))
            .taskScheduler(TaskSchedulerKind.BALANCED).build();
        final JobHandle handle = sardonyx.submit(job);
        assertThat(RuntimeTestSupport.await(sardonyx, handle).completed()).isTrue();
        final List<Long> expected = new ArrayList<>(range(0, 50));
        expected.addAll(range(1000, 1050));
        expected.addAll(range(1001, 1051));
        assertThat(ns(handle.collected("out"))).isEqualTo(expected.stream().sorted().toList());
    }

    @Test
    void aKilledJobStopsAndHandsItsPeersToTheNext() throws Exception {
        final SegmentQueue endless = sardonyx.queue("endless-" + UUID.randomUUID());
        final Job streaming = Job.builder().chain("in", "inc", "out")
            .task(Task.input("in", "queue").batchSize(10).with("queue/name", endless.name()))
            .task(Task.function("inc", FNS + "inc").batchSize(10))
            .task(Task.output("out", "collect").batchSize(10))
            .taskScheduler(TaskSchedulerKind.BALANCED).build();
        final JobHandle first = sardonyx.submit(streaming);
        Awaitility.await().until(() -> first.status() == JobStatus.RUNNING);
        endless.put(Map.of("n", 1L));
        final Job batch = Job.builder().chain("in", "inc", "out")
            .task(Task.input("in", "seq").batchSize(10).with("seq/elements", RuntimeTestSupport.numbers(10)))
            .task(Task.function("inc", FNS + "inc").batchSize(10))
            .task(Task.output("out", "collect").batchSize(10))
            .taskScheduler(TaskSchedulerKind.BALANCED).build();
        final JobHandle second = sardonyx.submit(batch);
        first.kill();
        final JobOutcome killed = RuntimeTestSupport.await(sardonyx, first);
        assertThat(killed.status()).isEqualTo(JobStatus.KILLED);
        assertThat(killed.reason()).isEqualTo("killed by a user");
        assertThat(RuntimeTestSupport.await(sardonyx, second).completed()).isTrue();
        assertThat(ns(second.collected("out"))).isEqualTo(range(1, 11));
        assertThat(sardonyx.cluster().killed()).contains(first.id());
    }

    @Test
    void aFunctionThatCannotBeLoadedKillsItsJob() throws Exception {
        final JobOutcome outcome = run(Job.builder().chain("in", "broken", "out")
            .task(Task.input("in", "seq").batchSize(10).with("seq/elements", RuntimeTestSupport.numbers(10)))
            .task(Task.function("broken", "io.sardonyx.runtime.BrokenInit::fn").batchSize(10))
            .task(Task.output("out", "collect").batchSize(10))
            .taskScheduler(TaskSchedulerKind.BALANCED).build());
        assertThat(outcome.status()).isEqualTo(JobStatus.KILLED);
        assertThat(outcome.reason()).contains("io.sardonyx.runtime.BrokenInit");
    }

    @Test
    void aFunctionThatThrowsKillsItsJobWithTheException() throws Exception {
        final JobOutcome outcome = run(Job.builder().chain("in", "throws", "out")
            .task(Task.input("in", "seq").batchSize(10).with("seq/elements", RuntimeTestSupport.numbers(10)))
            .task(Task.function("throws", "io.sardonyx.runtime.Groups::alwaysThrows").batchSize(10))
            .task(Task.output("out", "collect").batchSize(10))
            .taskScheduler(TaskSchedulerKind.BALANCED).build());
        assertThat(outcome.status()).isEqualTo(JobStatus.KILLED);
        assertThat(outcome.reason()).contains("task throws threw in apply-fn (fused into task in)")
            .contains("IllegalArgumentException: cannot handle");
    }

    @Test
    void submittingTheSameJobConcurrentlyRunsItOnce() throws Exception {
        final String id = UUID.randomUUID().toString();
        final Job job = Job.builder().chain("in", "inc", "out")
            .task(Task.input("in", "seq").batchSize(10).with("seq/elements", RuntimeTestSupport.numbers(40)))
            .task(Task.function("inc", FNS + "inc").batchSize(10))
            .task(Task.output("out", "collect").batchSize(10))
            .metadata("job-id", id)
            .taskScheduler(TaskSchedulerKind.BALANCED).build();
        final ExecutorService pool = Executors.newFixedThreadPool(10);
        final List<Future<String>> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(pool.submit(() -> sardonyx.submit(job).id()));
        }
        for (final Future<String> f : ids) {
            assertThat(f.get()).isEqualTo(id);
        }
        pool.shutdown();
        final JobHandle handle = sardonyx.job(id);
        assertThat(RuntimeTestSupport.await(sardonyx, handle).completed()).isTrue();
        assertThat(ns(handle.collected("out"))).isEqualTo(range(1, 41));
        assertThat(sardonyx.cluster().completed().stream().filter(id::equals)).hasSize(1);
        assertThat(sardonyx.cluster().killed()).doesNotContain(id);
    }

    @Test
    void queuesFeedAndReceiveSegments() throws Exception {
        final SegmentQueue in = sardonyx.queue("in-" + UUID.randomUUID());
        final SegmentQueue out = sardonyx.queue("out-" + UUID.randomUUID());
        final JobHandle handle = sardonyx.submit(Job.builder().chain("in", "inc", "out")
            .task(Task.input("in", "queue").batchSize(10).with("queue/name", in.name()))
            .task(Task.function("inc", FNS + "inc").batchSize(10))
            .task(Task.output("out", "queue").batchSize(10).with("queue/name", out.name()))
            .taskScheduler(TaskSchedulerKind.BALANCED).build());
        for (long i = 0; i < 30; i++) {
            in.put(Map.of("n", i));
        }
        in.close();
        assertThat(RuntimeTestSupport.await(sardonyx, handle).completed()).isTrue();
        final List<Map<String, Object>> taken = new ArrayList<>();
        out.drainTo(taken, 100);
        assertThat(ns(taken)).isEqualTo(range(1, 31));
    }

    @Test
    void filesAreReadAndWrittenAsJsonLines(@TempDir final Path dir) throws Exception {
        final Path input = dir.resolve("in.jsonl");
        final StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            lines.append("{\"n\": ").append(i).append("}\n");
            if (i == 10) {
                lines.append('\n');
            }
        }
        Files.writeString(input, lines.toString(), StandardCharsets.UTF_8);
        final Path output = dir.resolve("out/result.jsonl");
        final JobHandle handle = sardonyx.submit(Job.builder().chain("in", "inc", "out")
            .task(Task.input("in", "file").batchSize(4).nPeers(2).with("file/path", input.toString()))
            .task(Task.function("inc", FNS + "inc").batchSize(4))
            .task(Task.output("out", "file").batchSize(4).nPeers(1).with("file/path", output.toString()))
            .taskScheduler(TaskSchedulerKind.BALANCED).build());
        assertThat(RuntimeTestSupport.await(sardonyx, handle).completed()).isTrue();
        final List<Long> written = new ArrayList<>();
        for (final String line : Files.readAllLines(output)) {
            written.add(Long.parseLong(line.replaceAll("[^0-9]", "")));
        }
        assertThat(written.stream().sorted().toList()).isEqualTo(range(1, 26));
    }

    @Test
    void aMalformedInputFileKillsTheJobNamingTheFileAndLine(@TempDir final Path dir) throws Exception {
        final Path input = dir.resolve("bad.jsonl");
        Files.writeString(input, "{\"n\": 1}\n{\"n\": 2\n", StandardCharsets.UTF_8);
        final JobOutcome outcome = run(Job.builder().chain("in", "inc", "out")
            .task(Task.input("in", "file").batchSize(4).nPeers(1).with("file/path", input.toString()))
            .task(Task.function("inc", FNS + "inc").batchSize(4))
            .task(Task.output("out", "collect").batchSize(4))
            .taskScheduler(TaskSchedulerKind.BALANCED).build());
        assertThat(outcome.status()).isEqualTo(JobStatus.KILLED);
        assertThat(outcome.reason()).contains(input + ":2:");
    }

    @Test
    void aTaskMaxPeersBoundsItsPeers() throws Exception {
        final SegmentQueue hold = sardonyx.queue("hold-" + UUID.randomUUID());
        final JobBuilder builder = Job.builder().chain("in", "inc", "out")
            .task(Task.input("in", "queue").batchSize(10).maxPeers(1).with("queue/name", hold.name()))
            .task(Task.function("inc", FNS + "inc").batchSize(10))
            .task(Task.output("out", "collect").batchSize(10).maxPeers(1))
            .taskScheduler(TaskSchedulerKind.BALANCED);
        final JobHandle handle = sardonyx.submit(builder.build());
        Awaitility.await().until(() -> handle.status() == JobStatus.RUNNING);
        final Map<String, List<String>> tasks = sardonyx.cluster().allocations().get(handle.id());
        assertThat(tasks.get("in")).hasSize(1);
        assertThat(tasks.get("out")).hasSize(1);
        assertThat(tasks.get("inc")).hasSize(4);
        hold.close();
        assertThat(RuntimeTestSupport.await(sardonyx, handle).completed()).isTrue();
    }
}
