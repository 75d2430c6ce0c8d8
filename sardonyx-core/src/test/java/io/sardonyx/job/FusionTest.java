package io.sardonyx.job;

import static io.sardonyx.job.TestJobs.FNS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FusionTest {
    private static Task.Builder fn(final String name) {
        return Task.function(name, FNS + "::inc").batchSize(20);
    }

    private static JobBuilder chain() {
        return Job.builder().chain("in", "a", "b", "out")
            .task(Task.input("in", "seq").batchSize(20).with("seq/elements", List.of(Map.of("n", 1))))
            .task(fn("a")).task(fn("b")).task(Task.output("out", "collect").batchSize(20));
    }

    private static List<String> names(final Job job) {
        return job.catalog().stream().map(Task::name).toList();
    }

    private static List<String> fusedNames(final Job job, final String lead) {
        return Fusion.fusedInto(job.task(lead).orElseThrow()).stream().map(Task::name).toList();
    }

    @Test
    void shouldFoldALinearChainOfFunctionsAndItsOutputIntoTheInput() {
        final Job fused = Fusion.fuse(chain().build());
        // in -> a -> b -> out is one task: no edge is left, and the task order still names it.
        assertThat(fused.workflow()).isEmpty();
        assertThat(names(fused)).containsExactly("in");
        assertThat(Fusion.tasks(fused)).containsExactly("in");
        assertThat(fusedNames(fused, "in")).containsExactly("a", "b", "out");
        assertThat(Fusion.fusedInto(fused.task("in").orElseThrow()).get(0).fn()).contains(FNS + "::inc");
        assertThat(Fusion.fusedOutput(fused.task("in").orElseThrow()).name()).isEqualTo("out");
        assertThat(Fusion.fusedOutput(Fusion.fusedInto(fused.task("in").orElseThrow()).get(0))).isNull();
        // Fusing again changes nothing; the fused job round-trips through its JSON.
        assertThat(Fusion.fuse(fused)).isEqualTo(fused);
        assertThat(Job.fromJson(fused.toJson())).isEqualTo(fused);
    }

    @Test
    void shouldLeaveJobsThatAskForTasksApart() {
        final Job off = chain().jobConfig(Fusion.JOB_CONFIG_KEY, false).build();
        assertThat(Fusion.fuse(off)).isSameAs(off);
        final Job keepB = TestJobs.withTask(chain().build(), "b", t -> t.put(Fusion.TASK_KEY, false));
        final Job fused = Fusion.fuse(keepB);
        // b is kept apart from both sides: nothing fuses into it either.
        assertThat(fused.workflow()).containsExactly(new Edge("in", "b"), new Edge("b", "out"));
        assertThat(fusedNames(fused, "in")).containsExactly("a");
        assertThat(Fusion.tasks(fused)).containsExactly("in", "b", "out");
        final Job keepOut = TestJobs.withTask(chain().build(), "out", t -> t.put(Fusion.TASK_KEY, false));
        assertThat(Fusion.fuse(keepOut).workflow()).containsExactly(new Edge("in", "out"));
    }

    @Test
    void shouldKeepAnOutputApartFromAWindowedLeadOrWhenItHasLifecycles() {
        assertUnfused(chain().window(Window.builder("w", "b", WindowType.GLOBAL)
            .aggregation("onyx.windowing.aggregation/count")).build(), "b", "out");
        assertUnfused(chain().lifecycle(Lifecycle.of("out", FNS + "$Calls")).build(), "out");
        assertUnfused(TestJobs.withTask(chain().build(), "out", t -> t.put(Task.N_PEERS, 2L)), "out");
    }

    @Test
    void shouldKeepTasksApartWhereRunTimeWouldTellThemApart() {
        assertUnfused(TestJobs.withTask(chain().build(), "a", t -> t.put(Task.N_PEERS, 2L)), "a", "b");
        assertUnfused(TestJobs.withTask(chain().build(), "a", t -> t.put(Task.BATCH_FN, true)), "a", "b");
        assertUnfused(TestJobs.withTask(chain().build(), "a", t -> t.put(Task.REQUIRED_TAGS, List.of("gpu"))),
            "a", "b");
        assertUnfused(TestJobs.withTask(chain().build(), "b", t -> {
            t.put(Task.GROUP_BY_KEY, "n");
            t.put(Task.FLUX_POLICY, "kill");
        }), "b");
        assertUnfused(chain().window(Window.builder("w", "b", WindowType.GLOBAL)
            .aggregation("onyx.windowing.aggregation/count")).build(), "b");
        assertUnfused(chain().lifecycle(Lifecycle.of("b", FNS + "$Calls")).build(), "b");
        assertUnfused(chain().lifecycle(Lifecycle.of("all", FNS + "$Calls")).build(), "a", "b");
        assertUnfused(chain().flowCondition(FlowCondition.from("a").to("b").predicate(FNS + "::isEven")).build(),
            "a", "b");
    }

    private static void assertUnfused(final Job job, final String... apart) {
        final Job fused = Fusion.fuse(job);
        for (final String name : apart) {
            assertThat(names(fused)).as("%s stays a task of its own", name).contains(name);
        }
    }

    @Test
    void shouldNotFuseAcrossFanOutOrFanIn() {
        final Job fanOut = Job.builder().edge("in", "a").edge("in", "b").edge("a", "out").edge("b", "out")
            .task(Task.input("in", "seq").batchSize(20).with("seq/elements", List.of(Map.of("n", 1))))
            .task(fn("a")).task(fn("b")).task(Task.output("out", "collect").batchSize(20)).build();
        assertThat(Fusion.fuse(fanOut)).isSameAs(fanOut);
        // A function after a fan-in leads a chain of its own.
        final Job fanIn = Job.builder().edge("i1", "c").edge("i2", "c").chain("c", "d", "e", "out")
            .task(Task.input("i1", "seq").batchSize(20).with("seq/elements", List.of()))
            .task(Task.input("i2", "seq").batchSize(20).with("seq/elements", List.of()))
            .task(fn("c")).task(fn("d")).task(fn("e")).task(Task.output("out", "collect").batchSize(20)).build();
        final Job fused = Fusion.fuse(fanIn);
        assertThat(names(fused)).containsExactly("i1", "i2", "c");
        assertThat(fusedNames(fused, "c")).containsExactly("d", "e", "out");
        assertThat(WorkflowGraph.of(fused.workflow()).egress("c")).isEmpty();
        assertThat(Fusion.tasks(fused)).containsExactly("i1", "i2", "c");
    }

    /** Over random DAGs: every task is kept or fused exactly once, fused chains keep their order, edges stay sound. */
    @Test
    void shouldKeepEveryTaskExactlyOnceOverRandomWorkflows() {
        final Random random = new Random(11);
        for (int round = 0; round < 2_000; round++) {
            final int n = 2 + random.nextInt(8);
            final JobBuilder builder = Job.builder();
            builder.task(Task.input("t0", "seq").batchSize(20).with("seq/elements", List.of()));
            for (int i = 1; i < n; i++) {
                builder.edge("t" + random.nextInt(i), "t" + i);
                if (random.nextInt(4) == 0) {
                    builder.edge("t" + random.nextInt(i), "t" + i);
                }
                final Task.Builder task = i == n - 1 ? Task.output("t" + i, "collect").batchSize(20) : fn("t" + i);
                builder.task(random.nextInt(5) == 0 ? task.nPeers(2) : task);
            }
            final Job job = builder.build();
            final Job fused = Fusion.fuse(job);
            final List<String> all = new java.util.ArrayList<>();
            for (final Task task : fused.catalog()) {
                all.add(task.name());
                for (final Task inner : Fusion.fusedInto(task)) {
                    all.add(inner.name());
                    assertThat(Fusion.fusedInto(inner)).isEmpty();
                }
            }
            assertThat(all).containsExactlyInAnyOrderElementsOf(names(job));
            final java.util.Set<String> nodes = WorkflowGraph.of(fused.workflow()).nodes();
            assertThat(names(fused)).containsAll(nodes);
            // What runs is every task left in the catalog, each once, inputs first.
            assertThat(Fusion.tasks(fused)).containsExactlyInAnyOrderElementsOf(names(fused));
            assertThat(Fusion.tasks(fused).get(0)).isEqualTo("t0");
            assertThat(WorkflowGraph.of(fused.workflow()).cycles()).isEmpty();
            assertThat(Fusion.fuse(fused)).isEqualTo(fused);
        }
    }

    @Test
    void shouldValidateTheFusionKeys() {
        final JobValidator validator = new JobValidator(
            new ClassPathFunctionChecker(FusionTest.class.getClassLoader(), PackagePolicy.ANY));
        assertThat(validator.validate(chain().jobConfig(Fusion.JOB_CONFIG_KEY, false).build()).errors()).isEmpty();
        assertThat(validator.validate(chain().jobConfig(Fusion.JOB_CONFIG_KEY, "no").build()).errors())
            .singleElement().asString().contains("onyx.peer/fuse-function-tasks", "true or false", "\"no\"");
        assertThat(validator.validate(TestJobs.withTask(chain().build(), "a", t -> t.put(Fusion.TASK_KEY, 1L)))
            .errors()).singleElement().asString().contains("task \"a\"", "onyx/fuse?");
    }
}
