package io.sardonyx.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskType;
import io.sardonyx.job.Trigger;
import io.sardonyx.job.TriggerKind;
import io.sardonyx.job.Window;
import io.sardonyx.job.WindowType;
import io.sardonyx.log.Replica;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Exactly once under crashes, deterministically: two inputs feed a grouped stateful task (a count per key in a
 * global window, emitted when the job ends) whose results a collect output gathers. Groups crash at random steps
 * (while barriers are being aligned, frames are in flight, snapshots are pending) and exactly at checkpoint writes
 * and reads; the job must complete with every key's count exact and emitted once, for every seed.
 */
public class RuntimeSimulationTest {
    private static final int KEYS = 7;
    private static final int A = 1_500;
    private static final int B = 1_000;

    public static Map<String, Object> emit(final Map<String, Object> fired, final Object count) {
        return Map.of("key", fired.get("group-key"), "count", count);
    }

    private static List<Map<String, Object>> numbers(final String source, final int count) {
        final List<Map<String, Object>> out = new ArrayList<>();
        for (long n = 0; n < count; n++) {
            out.add(Map.of("source", source, "n", n, "key", n % KEYS));
        }
        return out;
    }

    static Job job() {
        return Job.builder()
            .edge("a", "count").edge("b", "count").edge("count", "out")
            .task(Task.input("a", "seq").batchSize(7).nPeers(1).with("seq/elements", numbers("a", A)))
            .task(Task.input("b", "seq").batchSize(5).nPeers(1).with("seq/elements", numbers("b", B)))
            .task(Task.builder("count", TaskType.REDUCE).batchSize(10).nPeers(2).with(Task.GROUP_BY_KEY, "key")
                .with("onyx/flux-policy", "recover"))
            .task(Task.output("out", "collect").batchSize(10).nPeers(1))
            .window(Window.builder("per-key", "count", WindowType.GLOBAL)
                .aggregation("onyx.windowing.aggregation/count"))
            .trigger(Trigger.builder("at-end", "per-key", TriggerKind.SEGMENT).threshold(1_000_000)
                .emit(RuntimeSimulationTest.class.getName() + "::emit"))
            .build();
    }

    private static Map<Long, Long> expected() {
        final Map<Long, Long> counts = new TreeMap<>();
        for (long n = 0; n < A; n++) {
            counts.merge(n % KEYS, 1L, Long::sum);
        }
        for (long n = 0; n < B; n++) {
            counts.merge(n % KEYS, 1L, Long::sum);
        }
        return counts;
    }

    @Test
    void everySeedCompletesWithExactKeyedCountsThroughCrashes() throws Exception {
        run(0, 60);
    }

    @Test
    void theSameSeedRunsTheSameWay() throws Exception {
        final List<String> first = trace(17);
        assertThat(trace(17)).isEqualTo(first);
        assertThat(trace(18)).isNotEqualTo(first);
    }

    /** The log and the crashes of one run. */
    private static List<String> trace(final long seed) throws Exception {
        try (SimulatedRuntime sim = new SimulatedRuntime(seed)) {
            for (int g = 0; g < 3; g++) {
                sim.startGroup(3);
            }
            sim.submit("job", job());
            while (!done(sim.replica(), "job")) {
                sim.step(0.001, 0.006, 4);
            }
            final List<String> out = new ArrayList<>(sim.events());
            sim.cluster().log().forEach(e -> out.add(e.command().toString()));
            return out;
        }
    }

    @Test
    @org.junit.jupiter.api.Tag("slow")
    void aThousandMoreSeeds() throws Exception {
        run(1_000, 2_000);
    }

    private static void run(final long from, final long to) throws Exception {
        final long seeds = to - from;
        int crashed = 0;
        long ioCrashes = 0;
        long totalSteps = 0;
        for (long seed = from; seed < to; seed++) {
            try (SimulatedRuntime sim = new SimulatedRuntime(seed)) {
                for (int g = 0; g < 3; g++) {
                    sim.startGroup(3);
                }
                sim.submit("job-" + seed, job());
                int steps = 0;
                while (!done(sim.replica(), "job-" + seed)) {
                    sim.step(0.001, 0.006, 4);
                    if (++steps > 1_000_000) {
                        throw new AssertionError("seed " + seed + ": the job did not finish in " + steps
                            + " steps; crashes " + sim.events() + "\nlog tail: " + tail(sim) + "\nreplica: "
                            + sim.replica());
                    }
                }
                assertThat(sim.replica().jobs().completed()).as("seed %d (%s): %s", seed, sim.events(),
                    sim.exception("job-" + seed)).contains("job-" + seed);
                final Map<Long, Long> actual = new TreeMap<>();
                for (final Map<String, Object> s : sim.collected("job-" + seed, "out")) {
                    assertThat(actual.put((Long) s.get("key"), (Long) s.get("count")))
                        .as("seed %d: key %s emitted twice (%s)", seed, s.get("key"), sim.events()).isNull();
                }
                assertThat(actual).as("seed %d, crashes %s", seed, sim.events()).isEqualTo(expected());
                crashed += sim.crashesWhileRunning() > 0 ? 1 : 0;
                ioCrashes += sim.events().stream().filter(e -> e.contains("checkpoint I/O")).count();
                totalSteps += steps;
            }
        }
        assertThat(crashed).as("seeds that saw a crash while the job ran (of %d; %d steps)", seeds, totalSteps)
            .isGreaterThan((int) (seeds / 2));
        assertThat(ioCrashes).as("crashes at a checkpoint write or read").isGreaterThan(seeds / 3);
    }

    private static boolean done(final Replica replica, final String job) {
        return replica.jobs().completed().contains(job) || replica.jobs().killed().contains(job);
    }

    private static String tail(final SimulatedRuntime sim) {
        final var log = sim.cluster().log();
        return log.subList(Math.max(0, log.size() - 30), log.size()).toString();
    }
}
