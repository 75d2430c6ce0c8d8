package io.sardonyx.job;

import io.sardonyx.job.fixtures.Fns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Valid jobs to start from, and ways to break them one key at a time. */
final class TestJobs {
    static final String FNS = Fns.class.getName();

    private TestJobs() {
    }

    /** in → inc → out, valid. */
    static Job linear() {
        return Job.builder()
            .chain("in", "inc", "out")
            .task(Task.input("in", "seq").batchSize(20).with("seq/elements", List.of(Map.of("n", 1))))
            .task(Task.function("inc", FNS + "::inc").batchSize(20))
            .task(Task.output("out", "collect").batchSize(20))
            .build();
    }

    /** A job with every section: flow conditions, lifecycles, a grouped window and triggers; valid. */
    static Job full() {
        return Job.builder()
            .chain("in", "inc", "count", "out")
            .edge("inc", "errors")
            .task(Task.input("in", "seq").batchSize(20).with("seq/elements", List.of(Map.of("n", 1)))
                .with(Task.ASSIGN_WATERMARK_FN, FNS + "::eventTime"))
            .task(Task.function("inc", FNS + "::inc").batchSize(20))
            .task(Task.function("count", FNS + "::inc").batchSize(20).groupByKey("k")
                .fluxPolicy(FluxPolicy.RECOVER).nPeers(2))
            .task(Task.output("out", "collect").batchSize(20))
            .task(Task.output("errors", "collect").batchSize(20))
            .flowCondition(FlowCondition.from("inc").to("errors").shortCircuit(true).thrownException(true)
                .predicate(FNS + "::isFailure").postTransform(FNS + "::recover"))
            .flowCondition(FlowCondition.from("inc").to("count").predicate(List.of("and", FNS + "::isEven",
                List.of(FNS + "::above", "limit/n"))).with("limit/n", 10))
            .lifecycle(Lifecycle.of("all", FNS + "$Calls"))
            .window(Window.builder("per-minute", "count", WindowType.FIXED)
                .aggregation("onyx.windowing.aggregation/sum", "n").windowKey("time").range(1, WindowUnit.MINUTES))
            .trigger(Trigger.builder("every-10", "per-minute", TriggerKind.SEGMENT).threshold(10).sync(FNS + "::sync"))
            .trigger(Trigger.builder("on-watermark", "per-minute", TriggerKind.WATERMARK).emit(FNS + "::emit")
                .evictAll())
            .taskScheduler(TaskSchedulerKind.BALANCED)
            .jobName("full")
            .metadata("job-id", "6a1f0e3c-2f4b-4d5e-9a7b-1c2d3e4f5a6b")
            .jobConfig("onyx.peer/coordinator-barrier-period-ms", 500)
            .build();
    }

    /** The job with one task's keys changed. */
    static Job withTask(final Job job, final String name, final Consumer<Map<String, Object>> change) {
        final List<Task> catalog = new ArrayList<>();
        for (final Task task : job.catalog()) {
            if (name.equals(task.name())) {
                final Map<String, Object> attributes = new LinkedHashMap<>(task.attributes());
                change.accept(attributes);
                catalog.add(new Task(attributes));
            } else {
                catalog.add(task);
            }
        }
        return new Job(job.workflow(), catalog, job.flowConditions(), job.lifecycles(), job.windows(),
            job.triggers(), job.settings());
    }

    /** The job with these job-level settings added. */
    static Job withSettings(final Job job, final Map<String, Object> settings) {
        final Map<String, Object> all = new LinkedHashMap<>(job.settings());
        all.putAll(settings);
        return new Job(job.workflow(), job.catalog(), job.flowConditions(), job.lifecycles(), job.windows(),
            job.triggers(), all);
    }

    /** The job with other edges. */
    static Job withEdges(final Job job, final Edge... edges) {
        return new Job(List.of(edges), job.catalog(), job.flowConditions(), job.lifecycles(), job.windows(),
            job.triggers(), job.settings());
    }

    /** The job with one more catalog entry. */
    static Job plusTask(final Job job, final Task task) {
        final List<Task> catalog = new ArrayList<>(job.catalog());
        catalog.add(task);
        return new Job(job.workflow(), catalog, job.flowConditions(), job.lifecycles(), job.windows(),
            job.triggers(), job.settings());
    }

    /** The job's JSON form as a mutable map, for breaking it at the document level. */
    static Map<String, Object> document(final Job job) {
        return new LinkedHashMap<>(JobJson.toJsonValue(job));
    }
}
