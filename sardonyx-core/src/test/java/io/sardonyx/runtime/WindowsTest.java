package io.sardonyx.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.job.Trigger;
import io.sardonyx.job.TriggerKind;
import io.sardonyx.job.Window;
import io.sardonyx.job.WindowType;
import io.sardonyx.job.WindowUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Onyx's windowing tests in spirit, end to end on a cluster: each window type, the aggregations, grouping,
 * emit, the triggers, watermarks, both state stores, and a window that fails.
 */
class WindowsTest {
    private static final String EMIT = "io.sardonyx.runtime.WindowFns::emit";
    private static final String COUNT = "onyx.windowing.aggregation/count";
    private static final String PKG = "io.sardonyx.runtime.WindowFns::";

    /** Events {user, t, v}: users u0..u4, event times 0..9999 shuffled (out of order), values 0..99. */
    static List<Map<String, Object>> events(final int n, final long seed) {
        final Random random = new Random(seed);
        final List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Map.of("user", "u" + random.nextInt(5), "t", (long) random.nextInt(10_000),
                "v", (long) random.nextInt(100), "id", (long) i));
        }
        return out;
    }

    private static io.sardonyx.job.JobBuilder pipeline(final List<Map<String, Object>> events, final Task reduce) {
        return Job.builder()
            .edge("in", "agg").edge("agg", "out")
            .task(Task.input("in", "seq").batchSize(50).with("seq/elements", events)
                .with(Task.ASSIGN_WATERMARK_FN, PKG + "eventTime"))
            .task(reduce)
            .task(Task.output("out", "collect").batchSize(50));
    }

    private static Task grouped(final String store) {
        return Task.builder("agg", io.sardonyx.job.TaskType.REDUCE).batchSize(50).with(Task.GROUP_BY_KEY, "user")
            .with("onyx/flux-policy", "recover").with(Task.N_PEERS, 2L).with(Task.STATE_STORE, store).build();
    }

    private static List<Map<String, Object>> run(final Job job, final int peers) throws Exception {
        try (Sardonyx sardonyx = RuntimeTestSupport.environment()) {
            sardonyx.startPeers(peers);
            final JobHandle handle = sardonyx.submit(job);
            final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, handle);
            assertThat(outcome.completed()).as(outcome.reason()).isTrue();
            return handle.collected("out");
        }
    }

    /** user → lower bound → state, from emitted segments of one window. */
    private static Map<String, Map<Long, Object>> byGroup(final List<Map<String, Object>> out, final String window) {
        return byGroup(out, window, "lower");
    }

    /** user → bound → state; sliding windows' first extents share a lower bound, so they are told by the upper. */
    private static Map<String, Map<Long, Object>> byGroup(final List<Map<String, Object>> out, final String window,
                                                          final String bound) {
        final Map<String, Map<Long, Object>> result = new TreeMap<>();
        for (final Map<String, Object> s : out) {
            if (window.equals(s.get("window"))) {
                final Object previous = result.computeIfAbsent(String.valueOf(s.get("group")), g -> new TreeMap<>())
                    .put((Long) s.get(bound), s.get("state"));
                assertThat(previous).as("extent fired twice: %s", s).isNull();
            }
        }
        return result;
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "rocksdb"})
    void groupedFixedWindowCountFiredByWatermarkIsExact(final String store) throws Exception {
        final List<Map<String, Object>> events = events(3_000, 7);
        final Job job = pipeline(events, grouped(store))
            .window(Window.builder("per-second", "agg", WindowType.FIXED).aggregation(COUNT)
                .windowKey("t").range(1, WindowUnit.SECONDS).lateSegments("update").build())
            .trigger(Trigger.builder("wm", "per-second", TriggerKind.WATERMARK).emit(EMIT).evictAll().build())
            .jobConfig("onyx.peer/coordinator-barrier-period-ms", 20L)
            .build();
        final List<Map<String, Object>> out = run(job, 4);
        final Map<String, Map<Long, Object>> expected = new TreeMap<>();
        for (final Map<String, Object> e : events) {
            expected.computeIfAbsent((String) e.get("user"), u -> new TreeMap<>())
                .merge((Long) e.get("t") / 1000 * 1000, 1L, (a, b) -> (Long) a + (Long) b);
        }
        // With out-of-order input, an extent may fire more than once (late updates fire it again, and eviction
        // starts it over), so sum what fired per extent.
        final Map<String, Map<Long, Object>> actual = new TreeMap<>();
        for (final Map<String, Object> s : out) {
            actual.computeIfAbsent(String.valueOf(s.get("group")), g -> new TreeMap<>())
                .merge((Long) s.get("lower"), s.get("state"), (a, b) -> (Long) a + (Long) b);
            assertThat((Long) s.get("upper") - (Long) s.get("lower")).isEqualTo(999L);
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void everyAggregationOverGlobalWindowsFiresOnceAtJobCompletion() throws Exception {
        final List<Map<String, Object>> events = events(500, 11);
        final io.sardonyx.job.JobBuilder builder = pipeline(events, grouped("memory"));
        final Map<String, String[]> aggs = new java.util.LinkedHashMap<>();
        aggs.put("count", null);
        aggs.put("sum", new String[] {"v"});
        aggs.put("min", new String[] {"v"});
        aggs.put("max", new String[] {"v"});
        aggs.put("average", new String[] {"v"});
        aggs.put("conj", null);
        aggs.put("collect-by-key", new String[] {"v"});
        for (final Map.Entry<String, String[]> a : aggs.entrySet()) {
            final Window.Builder w = Window.builder(a.getKey(), "agg", WindowType.GLOBAL);
            if (a.getValue() == null) {
                w.aggregation("onyx.windowing.aggregation/" + a.getKey());
            } else {
                w.aggregation("onyx.windowing.aggregation/" + a.getKey(), a.getValue()[0]);
            }
            if (a.getKey().equals("min")) {
                w.init(1000L);
            } else if (a.getKey().equals("max")) {
                w.init(-1L);
            }
            builder.window(w.build())
                .trigger(Trigger.builder("never-until-the-end", a.getKey(), TriggerKind.SEGMENT).threshold(1_000_000)
                    .emit(EMIT).build());
        }
        final List<Map<String, Object>> out = run(builder.build(), 4);
        final Map<String, List<Map<String, Object>>> perUser = new HashMap<>();
        events.forEach(e -> perUser.computeIfAbsent((String) e.get("user"), u -> new ArrayList<>()).add(e));
        assertThat(out).hasSize(aggs.size() * perUser.size());
        for (final Map.Entry<String, List<Map<String, Object>>> u : perUser.entrySet()) {
            final List<Map<String, Object>> es = u.getValue();
            final long sum = es.stream().mapToLong(e -> (Long) e.get("v")).sum();
            assertThat(byGroup(out, "count").get(u.getKey())).containsEntry(Long.MIN_VALUE, (long) es.size());
            assertThat(byGroup(out, "sum").get(u.getKey())).containsEntry(Long.MIN_VALUE, sum);
            assertThat(byGroup(out, "min").get(u.getKey())).containsEntry(Long.MIN_VALUE,
                es.stream().mapToLong(e -> (Long) e.get("v")).min().orElseThrow());
            assertThat(byGroup(out, "max").get(u.getKey())).containsEntry(Long.MIN_VALUE,
                es.stream().mapToLong(e -> (Long) e.get("v")).max().orElseThrow());
            final Map<?, ?> avg = (Map<?, ?>) byGroup(out, "average").get(u.getKey()).get(Long.MIN_VALUE);
            assertThat(avg.get("n")).isEqualTo((long) es.size());
            assertThat((Double) avg.get("average")).isCloseTo((double) sum / es.size(),
                org.assertj.core.data.Offset.offset(1e-9));
            assertThat(new ArrayList<Object>((List<?>) byGroup(out, "conj").get(u.getKey()).get(Long.MIN_VALUE)))
                .containsExactlyInAnyOrderElementsOf(new ArrayList<Object>(es));
            final Map<?, ?> byKey = (Map<?, ?>) byGroup(out, "collect-by-key").get(u.getKey()).get(Long.MIN_VALUE);
            final Map<String, Long> sizes = new HashMap<>();
            es.forEach(e -> sizes.merge(String.valueOf(e.get("v")), 1L, Long::sum));
            assertThat(byKey.keySet()).isEqualTo(sizes.keySet());
            byKey.forEach((k, v) -> assertThat((long) ((List<?>) v).size()).isEqualTo(sizes.get(k)));
        }
    }

    @Test
    void slidingSessionsAndSegmentTriggersAgreeWithAReference() throws Exception {
        final List<Map<String, Object>> events = new ArrayList<>();
        final long[] times = {0, 100, 250, 5_000, 5_400, 20_000, 20_100, 20_900, 60_000};
        for (final long t : times) {
            events.add(Map.of("user", "solo", "t", t, "v", 1L));
        }
        final Job job = pipeline(events, grouped("memory"))
            .window(Window.builder("sessions", "agg", WindowType.SESSION).aggregation(COUNT)
                .windowKey("t").timeoutGap(1, WindowUnit.SECONDS).build())
            .window(Window.builder("sliding", "agg", WindowType.SLIDING).aggregation("onyx.windowing.aggregation/sum",
                "v").windowKey("t").range(10, WindowUnit.SECONDS).slide(5, WindowUnit.SECONDS).build())
            .trigger(Trigger.builder("end", "sessions", TriggerKind.SEGMENT).threshold(1000).emit(EMIT).build())
            .trigger(Trigger.builder("end", "sliding", TriggerKind.SEGMENT).threshold(1000).emit(EMIT).build())
            .build();
        final List<Map<String, Object>> out = run(job, 4);
        final Map<Long, Object> sessions = byGroup(out, "sessions").get("solo");
        // Gaps over 1 s split: {0,100,250} {5000,5400} {20000,20100,20900} {60000}.
        assertThat(sessions).containsExactlyEntriesOf(new TreeMap<>(Map.of(0L, 3L, 5_000L, 2L, 20_000L, 3L,
            60_000L, 1L)));
        final Map<Long, Object> sliding = byGroup(out, "sliding", "upper").get("solo");
        final Map<Long, Object> expected = new TreeMap<>();
        for (final long t : times) {
            // A value falls in the two 10 s windows starting every 5 s that hold it: [s, s + 9999], s ≤ t < s + 10000.
            for (long end = (t / 5_000 + 1) * 5_000 - 1; end < t + 10_000; end += 5_000) {
                expected.merge(end, 1L, (a, b) -> (Long) a + (Long) b);
            }
        }
        assertThat(sliding).isEqualTo(expected);
    }

    @Test
    void punctuationAndElementWindowsFireWhereTheyShould() throws Exception {
        final List<Map<String, Object>> events = new ArrayList<>();
        for (long i = 0; i < 10; i++) {
            events.add(Map.of("user", "p", "t", i, "v", i, "end", i == 4 || i == 9));
        }
        final Job job = Job.builder().edge("in", "agg").edge("agg", "out")
            .task(Task.input("in", "seq").batchSize(1).with("seq/elements", events))
            .task(Task.builder("agg", io.sardonyx.job.TaskType.REDUCE).batchSize(1).with(Task.N_PEERS, 1L).build())
            .task(Task.output("out", "collect").batchSize(10))
            .window(Window.builder("all", "agg", WindowType.GLOBAL).aggregation("onyx.windowing.aggregation/sum", "v")
                .build())
            .window(Window.builder("threes", "agg", WindowType.FIXED).aggregation("onyx.windowing.aggregation/count")
                .range(3, WindowUnit.ELEMENTS).build())
            .trigger(Trigger.builder("dot", "all", TriggerKind.PUNCTUATION).pred(PKG + "isEnd").emit(EMIT)
                .sync(PKG + "sync").build())
            .trigger(Trigger.builder("fill", "threes", TriggerKind.SEGMENT).threshold(3).emit(EMIT).evictAll()
                .build())
            .build();
        WindowFns.SYNCED.clear();
        final List<Map<String, Object>> out = run(job, 3);
        assertThat(WindowFns.SYNCED).as("sync sees what emit sees")
            .contains(List.of("all", "null", Long.MIN_VALUE, Long.MAX_VALUE, 10L), List.of("all", "null",
                Long.MIN_VALUE, Long.MAX_VALUE, 45L));
        final List<Object> punctuated = out.stream().filter(s -> "all".equals(s.get("window")))
            .filter(s -> "new-segment".equals(s.get("event"))).map(s -> s.get("state")).toList();
        assertThat(punctuated).containsExactly(0L + 1 + 2 + 3 + 4, 45L);
        final List<Object> threes = out.stream().filter(s -> "threes".equals(s.get("window")))
            .filter(s -> "new-segment".equals(s.get("event"))).map(s -> s.get("state")).toList();
        assertThat(threes).containsExactly(3L, 3L, 3L);
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"memory", "rocksdb"})
    void aGroupedWindowCountSurvivesARestartExactly(final String store) throws Exception {
        WindowFns.THREW.set(false);
        final long count = 3_000;
        final java.nio.file.Path file = dir.resolve("counts.jsonl");
        try (Sardonyx sardonyx = Sardonyx.builder()
            .runtime(io.sardonyx.task.RuntimeSettings.DEFAULT.withBarrierPeriodMs(20))
            .checkpoints(dir.resolve("checkpoints")).build()) {
            sardonyx.startPeers(5);
            final JobHandle handle = sardonyx.submit(Job.builder().chain("in", "key", "agg", "out")
                .task(Task.input("in", "io.sardonyx.runtime.PacedInput").batchSize(10).nPeers(1)
                    .with("paced/count", count).with("paced/rate", 3_000L)
                    .with(Task.ASSIGN_WATERMARK_FN, PKG + "nTime"))
                .task(Task.function("key", PKG + "keyedThrowOnce").batchSize(10).nPeers(1))
                .task(grouped(store))
                .task(Task.output("out", "file").batchSize(10).nPeers(1).with("file/path", file.toString()))
                .lifecycle(io.sardonyx.job.Lifecycle.of("key", "io.sardonyx.runtime.ThrowingCalls")
                    .with("test/throw-in", "never"))
                .window(Window.builder("w", "agg", WindowType.FIXED).aggregation(COUNT).windowKey("t")
                    .range(100, WindowUnit.MILLISECONDS))
                .trigger(Trigger.builder("wm", "w", TriggerKind.WATERMARK).emit(EMIT).evictAll())
                .build());
            final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, handle);
            assertThat(outcome.completed()).as(outcome.reason()).isTrue();
            assertThat(WindowFns.THREW).isTrue();
            final Map<String, Long> counts = new TreeMap<>();
            for (final String line : java.nio.file.Files.readAllLines(file)) {
                final Map<?, ?> s = (Map<?, ?>) io.sardonyx.codec.JsonText.parse(line);
                assertThat(counts.put(s.get("group") + "@" + s.get("lower"), (Long) s.get("state")))
                    .as("fired twice: %s", line).isNull();
            }
            final Map<String, Long> expected = new TreeMap<>();
            for (long n = 0; n < count; n++) {
                expected.merge(n % 7 + "@" + n / 100 * 100, 1L, Long::sum);
            }
            assertThat(counts).isEqualTo(expected);
        }
    }

    @Test
    void aSegmentWithoutTheWindowKeyKillsTheJobNamingTheWindow() throws Exception {
        final List<Map<String, Object>> events = List.of(Map.of("user", "x", "t", 5L), Map.of("user", "y"));
        final Job job = Job.builder().edge("in", "agg").edge("agg", "out")
            .task(Task.input("in", "seq").batchSize(10).with("seq/elements", events))
            .task(grouped("memory"))
            .task(Task.output("out", "collect").batchSize(10))
            .window(Window.builder("w", "agg", WindowType.FIXED).aggregation("onyx.windowing.aggregation/count")
                .windowKey("t").range(1, WindowUnit.MINUTES).build())
            .trigger(Trigger.builder("t", "w", TriggerKind.SEGMENT).threshold(1).emit(EMIT).build())
            .build();
        try (Sardonyx sardonyx = RuntimeTestSupport.environment()) {
            sardonyx.startPeers(4);
            final JobHandle handle = sardonyx.submit(job);
            final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, handle);
            assertThat(outcome.completed()).isFalse();
            assertThat(outcome.reason()).contains("window w").contains("\"t\"");
        }
    }
}
