package io.sardonyx.job;

import io.sardonyx.codec.JsonText;
import static io.sardonyx.job.TestJobs.FNS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JobJsonTest {
    private static final int GENERATED_JOBS = 2_000;

    @Test
    void shouldRoundTripAJobWithEverySection() {
        final Job job = TestJobs.full();
        final String json = job.toJson();
        assertThat(Job.fromJson(json)).isEqualTo(job);
        assertThat(Job.fromJson(json).toJson()).isEqualTo(json);
    }

    @Test
    void shouldKeepEveryKeyAndValueOfADocument() throws Exception {
        final String text = """
            {"catalog": [{"onyx/name": "in", "onyx/type": "input", "onyx/plugin": "seq", "onyx/batch-size": 20,
                          "seq/elements": [{"n": 1, "x": [1.5, null, true, "é\\u0000\\"q"]}],
                          "x/big": 9007199254740993},
                         {"onyx/type": "output", "onyx/name": "out", "onyx/plugin": "collect", "onyx/batch-size": 1}],
             "workflow": [["in", "out"]],
             "metadata": {"owner": {"team": "data", "tags": []}}, "job-name": "copy"}
            """;
        final Object tree = JsonText.parse(text);
        final Job job = Job.fromJson(text);
        assertThat(JsonText.parse(job.toJson())).isEqualTo(tree);
        assertThat(job.task("in").orElseThrow().get("x/big")).isEqualTo(9007199254740993L);
        assertThat(job.catalog().get(1).attributes().keySet()).containsExactly("onyx/type", "onyx/name",
            "onyx/plugin", "onyx/batch-size");
    }

    @Test
    void shouldBuildInJavaExactlyWhatTheJsonSays() {
        final String json = """
            {
              "workflow": [["in", "inc"], ["inc", "out"]],
              "catalog": [
                {"onyx/name": "in", "onyx/type": "input", "onyx/plugin": "seq", "onyx/batch-size": 20,
                 "seq/elements": [{"n": 1}, {"n": 2}]},
                {"onyx/name": "inc", "onyx/type": "function", "onyx/fn": "com.acme.Fns::scale", "onyx/batch-size": 20,
                 "onyx/params": ["acme/factor"], "acme/factor": 3, "onyx/group-by-key": ["a", "b"],
                 "onyx/flux-policy": "continue", "onyx/max-peers": 4},
                {"onyx/name": "out", "onyx/type": "output", "onyx/plugin": "collect", "onyx/batch-size": 20,
                 "onyx/batch-timeout": 5}
              ],
              "flow-conditions": [
                {"flow/from": "inc", "flow/to": ["out"], "flow/predicate": ["not", "com.acme.P::odd"],
                 "flow/exclude-keys": ["tmp"]}
              ],
              "lifecycles": [{"lifecycle/task": "all", "lifecycle/calls": "com.acme.Calls"}],
              "windows": [
                {"window/id": "w", "window/task": "inc", "window/type": "sliding",
                 "window/aggregation": ["onyx.windowing.aggregation/sum", "n"], "window/window-key": "t",
                 "window/range": [10, "minutes"], "window/slide": [1, "minutes"]}
              ],
              "triggers": [
                {"trigger/id": "t", "trigger/window-id": "w", "trigger/on": "onyx.triggers/timer",
                 "trigger/period": [5, "seconds"], "trigger/sync": "com.acme.T::sync", "trigger/post-evictor": ["all"]}
              ],
              "task-scheduler": "onyx.task-scheduler/balanced",
              "job-name": "scaled",
              "metadata": {"job-id": "6a1f0e3c-2f4b-4d5e-9a7b-1c2d3e4f5a6b"},
              "job-config": {"onyx.peer/coordinator-barrier-period-ms": 250}
            }
            """;
        final Job built = Job.builder()
            .chain("in", "inc", "out")
            .task(Task.input("in", "seq").batchSize(20).with("seq/elements", List.of(Map.of("n", 1), Map.of("n", 2))))
            .task(Task.function("inc", "com.acme.Fns::scale").batchSize(20).params("acme/factor")
                .with("acme/factor", 3).groupByKey("a", "b").fluxPolicy(FluxPolicy.CONTINUE).maxPeers(4))
            .task(Task.output("out", "collect").batchSize(20).batchTimeoutMs(5))
            .flowCondition(FlowCondition.from("inc").to("out").predicate(List.of("not", "com.acme.P::odd"))
                .excludeKeys("tmp"))
            .lifecycle(Lifecycle.of("all", "com.acme.Calls"))
            .window(Window.builder("w", "inc", WindowType.SLIDING).aggregation("onyx.windowing.aggregation/sum", "n")
                .windowKey("t").range(10, WindowUnit.MINUTES).slide(1, WindowUnit.MINUTES))
            .trigger(Trigger.builder("t", "w", TriggerKind.TIMER).period(5, WindowUnit.SECONDS)
                .sync("com.acme.T::sync").evictAll())
            .taskScheduler(TaskSchedulerKind.BALANCED)
            .jobName("scaled")
            .metadata("job-id", "6a1f0e3c-2f4b-4d5e-9a7b-1c2d3e4f5a6b")
            .jobConfig("onyx.peer/coordinator-barrier-period-ms", 250)
            .build();
        assertThat(built).isEqualTo(Job.fromJson(json));
        assertThat(built.toJson()).isEqualTo(Job.fromJson(json).toJson());
        final Task inc = built.task("inc").orElseThrow();
        assertThat(inc.groupByKey()).containsExactly("a", "b");
        assertThat(inc.minPeers()).isEqualTo(1);
        assertThat(inc.maxPeers()).isEqualTo(4);
        assertThat(built.task("out").orElseThrow().batchTimeoutMs()).isEqualTo(5);
        assertThat(built.task("in").orElseThrow().batchTimeoutMs()).isEqualTo(Task.DEFAULT_BATCH_TIMEOUT_MS);
        assertThat(built.windows().get(0).range()).contains(new WindowMeasure(10, WindowUnit.MINUTES));
        assertThat(built.triggers().get(0).evictsAll()).isTrue();
        assertThat(built.flowConditions().get(0).predicate())
            .isEqualTo(new PredicateExpression.Not(new PredicateExpression.Ref("com.acme.P::odd", List.of())));
    }

    @Test
    void shouldRefuseRepeatedKeysDeepNestingAndHugeIntegers() {
        assertThatThrownBy(() -> Job.fromJson("{\"workflow\": [], \"workflow\": []}"))
            .isInstanceOf(InvalidJobException.class).hasMessageContaining("Duplicate field 'workflow'");
        final String deep = "{\"workflow\": [], \"catalog\": [], \"metadata\": " + "[".repeat(100) + "]".repeat(100)
            + "}";
        assertThatThrownBy(() -> Job.fromJson(deep)).hasMessageContaining("nesting depth");
        assertThatThrownBy(() -> Job.fromJson("{\"workflow\": [], \"catalog\": [], \"percentage\": 1"
            + "0".repeat(30) + "}")).hasMessageContaining("does not fit in 64 bits");
    }

    @Test
    void shouldRefuseValuesThatHaveNoJsonForm() {
        assertThatThrownBy(() -> Task.input("in", "seq").with("x/thing", new Object()).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x/thing: a java.lang.Object is not a "
                + "JSON value");
        assertThatThrownBy(() -> Task.input("in", "seq").with("x/nan", Double.NaN).build())
            .hasMessageContaining("has no JSON form");
    }

    @Test
    void shouldRoundTripGeneratedJobs() throws Exception {
        for (int i = 0; i < GENERATED_JOBS; i++) {
            final long seed = 0x5A4D_0000L + i;
            final Job job = new JobGenerator(new SplittableRandom(seed)).job();
            final String json = job.toJson();
            final Job back = Job.fromJson(json);
            assertThat(back).as("seed %d, json:%n%s", seed, json).isEqualTo(job);
            assertThat(back.toJson()).as("seed %d", seed).isEqualTo(json);
            assertThat(JsonText.parse(json)).as("seed %d", seed).isEqualTo(JobJson.toJsonValue(job));
        }
    }

    /** Random jobs: random shapes, names and pass-through values, valid or not (round-tripping must not care). */
    static final class JobGenerator {
        private final SplittableRandom random;

        JobGenerator(final SplittableRandom random) {
            this.random = random;
        }

        Job job() {
            final JobBuilder builder = Job.builder();
            final int tasks = 1 + random.nextInt(8);
            final List<String> names = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                names.add(name("task-" + i));
            }
            for (int i = 0; i < tasks * 2; i++) {
                builder.edge(pick(names), pick(names));
            }
            for (final String name : names) {
                final Task.Builder task = Task.builder(name, TaskType.values()[random.nextInt(4)])
                    .batchSize(1 + random.nextInt(1000));
                if (random.nextBoolean()) {
                    task.fn(FNS + "::inc");
                }
                for (int k = random.nextInt(4); k > 0; k--) {
                    task.with("x/" + name("k"), value(3));
                }
                builder.task(task);
            }
            if (random.nextBoolean()) {
                builder.flowCondition(FlowCondition.from(pick(names)).to(pick(names)).predicate(FNS + "::isEven")
                    .shortCircuit(random.nextBoolean()));
            }
            if (random.nextBoolean()) {
                builder.lifecycle(Lifecycle.of(pick(names), FNS + "$Calls").with("x/extra", value(2)));
            }
            if (random.nextBoolean()) {
                builder.window(Window.builder("w", pick(names), WindowType.values()[random.nextInt(4)])
                    .aggregation("count").range(1 + random.nextInt(60), WindowUnit.values()[random.nextInt(6)]));
                builder.trigger(Trigger.builder("t", "w", TriggerKind.values()[random.nextInt(5)])
                    .threshold(1 + random.nextInt(100)).fireAllExtents(random.nextBoolean()));
            }
            if (random.nextBoolean()) {
                builder.metadata("x", value(3)).jobName(name("job"));
            }
            return builder.build();
        }

        private String pick(final List<String> names) {
            return names.get(random.nextInt(names.size()));
        }

        private String name(final String prefix) {
            return prefix + "-" + Integer.toString(random.nextInt(1 << 20), 36);
        }

        private Object value(final int depth) {
            final int kind = random.nextInt(depth > 0 ? 9 : 7);
            switch (kind) {
                case 0:
                    return null;
                case 1:
                    return random.nextBoolean();
                case 2:
                    return random.nextLong();
                case 3:
                    return random.nextInt(100) - 50L;
                case 4:
                    return random.nextDouble() * 1e6 - 5e5;
                case 5:
                    return text();
                case 6:
                    return "";
                case 7:
                    final List<Object> list = new ArrayList<>();
                    for (int i = random.nextInt(4); i > 0; i--) {
                        list.add(value(depth - 1));
                    }
                    return list;
                default:
                    final Map<String, Object> map = new LinkedHashMap<>();
                    for (int i = random.nextInt(4); i > 0; i--) {
                        map.put(text(), value(depth - 1));
                    }
                    return map;
            }
        }

        private String text() {
            final String alphabet = "ab\"\\/\n\t\u0001é€😀 ";
            final StringBuilder out = new StringBuilder();
            for (int i = random.nextInt(8); i > 0; i--) {
                final int at = random.nextInt(alphabet.length());
                if (Character.isSurrogate(alphabet.charAt(at))) {
                    out.append("😀");
                } else {
                    out.append(alphabet.charAt(at));
                }
            }
            return out.toString();
        }
    }
}
