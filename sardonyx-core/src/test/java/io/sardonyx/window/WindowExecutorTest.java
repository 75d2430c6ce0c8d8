package io.sardonyx.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sardonyx.api.StateEvent;
import io.sardonyx.api.WindowAggregation;
import io.sardonyx.api.WindowTrigger;
import io.sardonyx.flow.GroupKey;
import io.sardonyx.job.Job;
import io.sardonyx.job.PackagePolicy;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskType;
import io.sardonyx.job.Trigger;
import io.sardonyx.job.TriggerKind;
import io.sardonyx.job.Window;
import io.sardonyx.job.WindowType;
import io.sardonyx.job.WindowUnit;
import io.sardonyx.state.MemoryStateStore;
import io.sardonyx.state.RocksDbStateStore;
import io.sardonyx.state.StateStore;
import io.sardonyx.usercode.UserCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The window executor against straightforward reference computations over seeded random event streams: out of
 * order, late, several keys, watermarks advancing at barriers; snapshots taken mid-stream restore to the same
 * results, in either store. No cluster, no clock: thousands of streams in seconds.
 */
public class WindowExecutorTest {
    private static final UserCode CODE = new UserCode(WindowExecutorTest.class.getClassLoader(), PackagePolicy.ANY);
    private static final String EMIT = "io.sardonyx.window.WindowExecutorTest::emit";
    private static final String COUNT = "onyx.windowing.aggregation/count";

    @TempDir
    Path dir;

    public static Map<String, Object> emit(final Map<String, Object> fired, final Object state) {
        final Map<String, Object> out = new HashMap<>(fired);
        out.put("state", state);
        return out;
    }

    /** An event: group, event time, value. */
    private record Event(String group, long t, long v) {
        Map<String, Object> segment() {
            return Map.of("k", group, "t", t, "v", v);
        }
    }

    private static List<Event> stream(final long seed, final int n) {
        final Random random = new Random(seed);
        final List<Event> out = new ArrayList<>();
        long clock = 0;
        for (int i = 0; i < n; i++) {
            clock += random.nextInt(20);
            // Mostly in order, some a little late, a few very late.
            final int r = random.nextInt(100);
            final long t = r < 80 ? clock : r < 97 ? Math.max(0, clock - random.nextInt(2_000))
                : Math.max(0, clock - random.nextInt(20_000));
            out.add(new Event("k" + random.nextInt(4), t, random.nextInt(50)));
        }
        return out;
    }

    private static WindowExecutor executor(final Job job, final IntFunction<StateStore> store) {
        final Task task = job.task("agg").orElseThrow();
        return WindowExecutor.of(job, "agg", GroupKey.of(task, CODE), CODE, store);
    }

    private static Job job(final Window window, final Trigger... triggers) {
        final io.sardonyx.job.JobBuilder builder = Job.builder().edge("in", "agg").edge("agg", "out")
            .task(Task.input("in", "seq").with("seq/elements", List.of()))
            .task(Task.builder("agg", TaskType.REDUCE).with(Task.GROUP_BY_KEY, "k").with(Task.N_PEERS, 1L))
            .task(Task.output("out", "collect"))
            .window(window);
        for (final Trigger t : triggers) {
            builder.trigger(t);
        }
        return builder.build();
    }

    /** Runs the stream, advancing the watermark to the highest event time every {@code every} events. */
    private static List<Map<String, Object>> run(final WindowExecutor executor, final List<Event> events,
                                                 final int every, final boolean complete) {
        final List<Map<String, Object>> out = new ArrayList<>();
        long highest = Long.MIN_VALUE;
        for (int i = 0; i < events.size(); i++) {
            final Event e = events.get(i);
            out.addAll(executor.apply(List.of(e.segment()), 0));
            highest = Math.max(highest, e.t);
            if ((i + 1) % every == 0) {
                out.addAll(executor.onWatermark(highest, 0));
            }
        }
        if (complete) {
            out.addAll(executor.onJobCompleted(0));
        }
        return out;
    }

    private static String extentKey(final Object group, final Object lower) {
        return group + "@" + lower;
    }

    @ParameterizedTest
    @EnumSource(WindowSpec.Late.class)
    void fixedCountsFiredByWatermarkMatchTheReferenceForEveryLatePolicy(final WindowSpec.Late policy) {
        for (long seed = 0; seed < 150; seed++) {
            final List<Event> events = stream(seed, 1_500);
            final Job job = job(Window.builder("w", "agg", WindowType.FIXED).aggregation(COUNT).windowKey("t")
                    .range(1, WindowUnit.SECONDS).lateSegments(policy.name().toLowerCase(Locale.ROOT)).build(),
                Trigger.builder("wm", "w", TriggerKind.WATERMARK).emit(EMIT).evictAll().build());
            final List<Map<String, Object>> out;
            // Every tenth stream runs on RocksDB (its write-back cache flushed at every scan): same answers.
            final WindowExecutor executor = executor(job, seed % 10 == 0 ? n -> new RocksDbStateStore(dir)
                : MemoryStateStore::new);
            out = run(executor, events, 25, true);
            // Reference: the watermark at each event's arrival decides lateness.
            final Map<String, Long> expected = new TreeMap<>();
            long highest = Long.MIN_VALUE;
            long mark = Long.MIN_VALUE;
            long late = 0;
            final List<Event> lateEvents = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                final Event e = events.get(i);
                final boolean isLate = mark != Long.MIN_VALUE && e.t / 1000 * 1000 + 999 < mark;
                if (isLate) {
                    late++;
                    lateEvents.add(e);
                }
                if (!isLate || policy == WindowSpec.Late.UPDATE) {
                    expected.merge(extentKey(e.group, e.t / 1000 * 1000), 1L, Long::sum);
                }
                highest = Math.max(highest, e.t);
                if ((i + 1) % 25 == 0) {
                    mark = highest;
                }
            }
            final Map<String, Long> actual = new TreeMap<>();
            final List<Object> emittedLate = new ArrayList<>();
            for (final Map<String, Object> s : out) {
                if (s.containsKey("late-segment")) {
                    emittedLate.add(s.get("late-segment"));
                } else {
                    actual.merge(extentKey(s.get("group-key"), s.get("lower-bound")), (Long) s.get("state"),
                        Long::sum);
                }
            }
            assertThat(actual).as("seed %d", seed).isEqualTo(expected);
            assertThat(executor.lateSegments()).as("seed %d", seed).isEqualTo(late);
            assertThat(emittedLate).as("seed %d", seed).hasSize(policy == WindowSpec.Late.EMIT ? (int) late : 0);
            executor.close();
        }
    }

    @Test
    void slidingSessionAndGlobalWindowsMatchTheReference() {
        for (long seed = 0; seed < 100; seed++) {
            final List<Event> events = stream(seed + 1_000, 800);
            final Map<String, Object> out = new HashMap<>();
            final Job sliding = job(Window.builder("s", "agg", WindowType.SLIDING)
                    .aggregation("onyx.windowing.aggregation/sum", "v").windowKey("t").range(3, WindowUnit.SECONDS)
                    .slide(1, WindowUnit.SECONDS).build(),
                Trigger.builder("end", "s", TriggerKind.SEGMENT).threshold(1_000_000).emit(EMIT).build());
            try (WindowExecutor executor = executor(sliding, MemoryStateStore::new)) {
                run(executor, events, 1_000_000, true).forEach(s -> out.put("s:" + s.get("group-key") + "@"
                    + s.get("upper-bound"), s.get("state")));
            }
            final Job session = job(Window.builder("g", "agg", WindowType.SESSION)
                    .aggregation("onyx.windowing.aggregation/count").windowKey("t").timeoutGap(500,
                        WindowUnit.MILLISECONDS).build(),
                Trigger.builder("end", "g", TriggerKind.SEGMENT).threshold(1_000_000).emit(EMIT).build());
            try (WindowExecutor executor = executor(session, seed % 10 == 0 ? n -> new RocksDbStateStore(dir)
                : MemoryStateStore::new)) {
                run(executor, events, 1_000_000, true).forEach(s -> out.put("g:" + s.get("group-key") + "@"
                    + s.get("lower-bound") + "-" + s.get("upper-bound"), s.get("state")));
            }
            final Map<String, Object> expected = new HashMap<>();
            final Map<String, List<Long>> times = new TreeMap<>();
            for (final Event e : events) {
                for (long end = (e.t / 1000 + 1) * 1000 - 1; end < e.t + 3_000; end += 1000) {
                    expected.merge("s:" + e.group + "@" + end, e.v, (a, b) -> (Long) a + (Long) b);
                }
                times.computeIfAbsent(e.group, g -> new ArrayList<>()).add(e.t);
            }
            times.forEach((group, ts) -> {
                ts.sort(null);
                long start = ts.get(0);
                long count = 0;
                for (int i = 0; i < ts.size(); i++) {
                    if (i > 0 && ts.get(i) - ts.get(i - 1) > 500) {
                        expected.put("g:" + group + "@" + start + "-" + ts.get(i - 1), count);
                        start = ts.get(i);
                        count = 0;
                    }
                    count++;
                }
                expected.put("g:" + group + "@" + start + "-" + ts.get(ts.size() - 1), count);
            });
            assertThat(out).as("seed %d", seed).isEqualTo(expected);
        }
    }

    @Test
    void aSnapshotTakenMidStreamRestoresToTheSameResultsInEitherStore() {
        for (long seed = 0; seed < 20; seed++) {
            final List<Event> events = stream(seed + 7_000, 1_000);
            final Job job = job(Window.builder("w", "agg", WindowType.FIXED).aggregation(COUNT).windowKey("t")
                    .range(2, WindowUnit.SECONDS).build(),
                Trigger.builder("wm", "w", TriggerKind.WATERMARK).emit(EMIT).evictAll().build(),
                Trigger.builder("every7", "w", TriggerKind.SEGMENT).threshold(7).emit(EMIT).build());
            final List<Map<String, Object>> whole;
            try (WindowExecutor executor = executor(job, MemoryStateStore::new)) {
                whole = run(executor, events, 40, true);
            }
            final int cut = 40 * (1 + new Random(seed).nextInt(20));
            final List<Map<String, Object>> parts;
            final Map<String, Object> snapshot;
            try (WindowExecutor first = executor(job, MemoryStateStore::new)) {
                parts = new ArrayList<>(run(first, events.subList(0, cut), 40, false));
                snapshot = first.snapshot();
            }
            try (WindowExecutor second = executor(job, n -> new RocksDbStateStore(dir))) {
                second.restore(snapshot);
                final List<Map<String, Object>> rest = new ArrayList<>();
                long highest = events.subList(0, cut).stream().mapToLong(Event::t).max().orElseThrow();
                for (int i = cut; i < events.size(); i++) {
                    rest.addAll(second.apply(List.of(events.get(i).segment()), 0));
                    highest = Math.max(highest, events.get(i).t);
                    if ((i + 1) % 40 == 0) {
                        rest.addAll(second.onWatermark(highest, 0));
                    }
                }
                rest.addAll(second.onJobCompleted(0));
                parts.addAll(rest);
            }
            assertThat(parts).as("seed %d cut %d", seed, cut).isEqualTo(whole);
        }
    }

    /**
     * A checkpoint taken while nothing has changed since the last snapshot or restore reuses it (recovery does not
     * export a million keys again on the task's thread); any change makes the next one anew.
     */
    @Test
    void anUnchangedStateIsNotExportedAgain() {
        final Job job = job(Window.builder("w", "agg", WindowType.GLOBAL).aggregation(COUNT).build(),
            Trigger.builder("every3", "w", TriggerKind.SEGMENT).threshold(3).emit(EMIT).build());
        final List<Event> events = stream(5, 200);
        try (WindowExecutor first = executor(job, MemoryStateStore::new);
             WindowExecutor second = executor(job, MemoryStateStore::new)) {
            run(first, events.subList(0, 100), 10, false);
            final Map<String, Object> taken = first.snapshot();
            assertThat(first.snapshot()).as("nothing changed").isSameAs(taken);
            second.restore(taken);
            final Map<String, Object> again = second.snapshot();
            assertThat(again.get("store")).as("the restored bytes, not a new export").isSameAs(taken.get("store"));
            assertThat(second.onEvent(io.sardonyx.api.StateEvent.Type.CHECKPOINTED, 0)).isEmpty();
            assertThat(second.snapshot()).as("built-in triggers do not change on events").isSameAs(again);
            // A segment, a new watermark, the job's end: each makes the next snapshot anew, and it restores right.
            run(second, events.subList(100, 110), 10, false);
            final Map<String, Object> changed = second.snapshot();
            assertThat(changed).isNotSameAs(again);
            run(first, events.subList(100, 110), 10, false);
            assertThat((byte[]) changed.get("store")).isEqualTo((byte[]) first.snapshot().get("store"));
            second.onWatermark(Long.MAX_VALUE - 1, 0);
            assertThat(second.snapshot()).isNotSameAs(changed);
        }
    }

    /**
     * What a trigger emitted keeps the state as it was when it fired: conj and collect-by-key go on adding to their
     * list and map in place, and must not change a segment already sent.
     */
    @Test
    @SuppressWarnings("unchecked")
    void anEmittedStateDoesNotChangeWhenTheWindowGoesOn() {
        for (final String aggregation : List.of("onyx.windowing.aggregation/conj",
            "onyx.windowing.aggregation/collect-by-key")) {
            final Window.Builder window = Window.builder("w", "agg", WindowType.GLOBAL);
            final Job job = job(("onyx.windowing.aggregation/conj".equals(aggregation) ? window.aggregation(aggregation)
                    : window.aggregation(aggregation, "k")).build(),
                Trigger.builder("every2", "w", TriggerKind.SEGMENT).threshold(2).emit(EMIT).build());
            final List<Map<String, Object>> emitted = new ArrayList<>();
            try (WindowExecutor executor = executor(job, MemoryStateStore::new)) {
                for (long v = 0; v < 6; v++) {
                    emitted.addAll(executor.apply(List.of(Map.of("k", "a", "t", v, "v", v)), 0));
                }
            }
            assertThat(emitted).as(aggregation).hasSize(3);
            for (int i = 0; i < 3; i++) {
                final Object state = emitted.get(i).get("state");
                final int size = state instanceof List<?> l ? l.size() : ((List<Object>) ((Map<?, ?>) state).get("a"))
                    .size();
                assertThat(size).as("%s: the state when firing %d", aggregation, i).isEqualTo(2 * (i + 1));
            }
        }
    }

    @Test
    void timerAndPercentileTriggersFire() {
        final Job job = job(Window.builder("w", "agg", WindowType.FIXED).aggregation(COUNT).windowKey("t")
                .range(100, WindowUnit.MILLISECONDS).build(),
            Trigger.builder("tick", "w", TriggerKind.TIMER).period(5, WindowUnit.SECONDS).emit(EMIT).build(),
            Trigger.builder("pct", "w", TriggerKind.PERCENTILE_WATERMARK).watermarkPercentage(0.9).emit(EMIT).build());
        try (WindowExecutor executor = executor(job, MemoryStateStore::new)) {
            assertThat(executor.hasTimers()).isTrue();
            assertThat(executor.apply(List.of(Map.of("k", "a", "t", 10L), Map.of("k", "b", "t", 150L)), 0)).isEmpty();
            assertThat(executor.onTime(1_000)).isEmpty();
            assertThat(executor.onTime(5_999)).isEmpty();
            final List<Map<String, Object>> ticked = new ArrayList<>(executor.onTime(6_000));
            assertThat(ticked).extracting(s -> s.get("event-type")).containsOnly("timer-tick");
            assertThat(ticked).extracting(s -> s.get("group-key")).containsExactlyInAnyOrder("a", "b");
            final List<Map<String, Object>> pct = executor.apply(List.of(Map.of("k", "a", "t", 95L)), 7_000);
            assertThat(pct).singleElement().satisfies(s -> {
                assertThat(s.get("trigger/id")).isEqualTo("pct");
                assertThat(s.get("state")).isEqualTo(2L);
            });
            assertThat(executor.apply(List.of(Map.of("k", "a", "t", 50L)), 7_000)).isEmpty();
        }
    }

    /** Counts segments, as a custom aggregation. */
    public static final class Tally implements WindowAggregation {
        @Override
        public Object init(final Map<String, Object> window) {
            return 0L;
        }

        @Override
        public Object applyStateUpdate(final Map<String, Object> window, final Object state, final Object update) {
            return (Long) state + 1;
        }

        @Override
        public Object superAggregate(final Map<String, Object> window, final Object first, final Object second) {
            return (Long) first + (Long) second;
        }
    }

    /** Without a super-aggregation: refused by session windows. */
    public static final class NoMerge implements WindowAggregation {
        @Override
        public Object init(final Map<String, Object> window) {
            return 0L;
        }

        @Override
        public Object applyStateUpdate(final Map<String, Object> window, final Object state, final Object update) {
            return state;
        }
    }

    /** Fires on every second event of any kind, per group, and on recovery. */
    public static final class EverySecond implements WindowTrigger {
        @Override
        public Object initState(final Map<String, Object> trigger) {
            return 0L;
        }

        @Override
        public Object nextState(final Map<String, Object> trigger, final Object state, final StateEvent event) {
            return (Long) state + 1;
        }

        @Override
        public boolean fire(final Map<String, Object> trigger, final Object state, final StateEvent event) {
            return event.type() == StateEvent.Type.RECOVERED || (Long) state % 2 == 0;
        }
    }

    @Test
    void customAggregationsAndTriggersAreCalledAndKeepTheirState() {
        final Job job = job(Window.builder("w", "agg", WindowType.SESSION)
                .aggregation(Tally.class.getName()).windowKey("t").timeoutGap(1, WindowUnit.SECONDS).build(),
            Trigger.builder("c", "w", TriggerKind.SEGMENT).with(Trigger.ON, EverySecond.class.getName()).emit(EMIT)
                .build());
        try (WindowExecutor executor = executor(job, MemoryStateStore::new)) {
            assertThat(executor.apply(List.of(Map.of("k", "a", "t", 0L)), 0)).isEmpty();
            assertThat(executor.apply(List.of(Map.of("k", "a", "t", 2_000L)), 0)).singleElement()
                .satisfies(s -> assertThat(s.get("lower-bound")).isEqualTo(2_000L));
            // A segment bridging both sessions merges them through superAggregate.
            executor.apply(List.of(Map.of("k", "a", "t", 1_000L)), 0);
            final List<Map<String, Object>> recovered = executor.onEvent(StateEvent.Type.RECOVERED, 0);
            assertThat(recovered).singleElement().satisfies(s -> {
                assertThat(s.get("state")).isEqualTo(3L);
                assertThat(s.get("lower-bound")).isEqualTo(0L);
                assertThat(s.get("upper-bound")).isEqualTo(2_000L);
            });
        }
        final Job noMerge = job(Window.builder("w", "agg", WindowType.SESSION).aggregation(NoMerge.class.getName())
            .windowKey("t").timeoutGap(1, WindowUnit.SECONDS).build());
        assertThatThrownBy(() -> executor(noMerge, MemoryStateStore::new)).isInstanceOf(WindowException.class)
            .hasMessageContaining("window w").hasMessageContaining("superAggregate");
    }

    /** A session can grow until its last event plus the gap: a watermark trigger fires it then, once, never before. */
    @Test
    void aSessionFiresOnceTheWatermarkPassesItsLastEventPlusTheGap() {
        final Job job = job(Window.builder("s", "agg", WindowType.SESSION).aggregation(COUNT).windowKey("t")
                .timeoutGap(1, WindowUnit.SECONDS).build(),
            Trigger.builder("wm", "s", TriggerKind.WATERMARK).emit(EMIT).build());
        try (WindowExecutor executor = executor(job, MemoryStateStore::new)) {
            executor.apply(List.of(Map.of("k", "a", "t", 0L), Map.of("k", "a", "t", 500L)), 0);
            assertThat(executor.onWatermark(1_000, 0)).as("past the last event, within the gap").isEmpty();
            assertThat(executor.onWatermark(1_500, 0)).as("at last event + gap: an event now could still join")
                .isEmpty();
            // It does: the session grows rather than a finished one being emitted and superseded.
            assertThat(executor.apply(List.of(Map.of("k", "a", "t", 1_400L)), 0)).isEmpty();
            assertThat(executor.onWatermark(2_300, 0)).as("within the gap of the new last event").isEmpty();
            assertThat(executor.onWatermark(2_401, 0)).singleElement().satisfies(s -> {
                assertThat(s.get("state")).isEqualTo(3L);
                assertThat(s.get("lower-bound")).isEqualTo(0L);
                assertThat(s.get("upper-bound")).isEqualTo(1_400L);
            });
            assertThat(executor.onWatermark(5_000, 0)).as("fired once").isEmpty();
        }
    }
}
