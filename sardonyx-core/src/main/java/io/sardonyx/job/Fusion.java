package io.sardonyx.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Task fusion, as Flink chains operators: a function task whose only upstream task has it as its only downstream
 * task runs inside that upstream task's peers, its function applied to the upstream's output in the same batch,
 * without a hop, a queue or a serialisation between them. The job that runs (and that the log and the dashboard
 * show) is the fused one: the upstream task (the lead) keeps its name and peers and lists what it absorbed under
 * {@value #FUSED}, in order; the absorbed tasks leave the workflow.
 *
 * <p>A function task is fused into its upstream only when nothing tells the two apart at run time: both have the
 * same peer bounds, required tags and percentage, neither takes whole batches ({@code onyx/batch-fn?}), the fused
 * task is not grouped, has no windows and no lifecycles (of its own or {@code "all"}), no flow condition starts or
 * ends at either (flow conditions decide what leaves a task, so they stay at real task boundaries), and neither
 * says {@code "onyx/fuse?": false}. A job turns fusion off with {@code "job-config": {"onyx.peer/fuse-function-tasks":
 * false}}. Exceptions a fused function throws are the lead task's: its lifecycles handle them. Pure: fusing a fused
 * job changes nothing.
 *
 * <p>An output task is fused the same way, last (as Flink chains its sinks): the lead's peers write their results to
 * an output plugin of their own, and the lead becomes the terminal task that snapshots, prepares and commits the
 * output's checkpoints. Beyond the rules above, the lead must have no windows (what its triggers emit goes
 * downstream). A lead with a fused output may be on no edge at all ({@code in -> out} fused is one task):
 * {@link #tasks} is the job's task order for running it.
 */
public final class Fusion {
    /** The lead task's list of the catalog entries of the function tasks fused into it, in order. */
    public static final String FUSED = "sardonyx/fused";
    /** The job-config key that turns fusion off for a job. */
    public static final String JOB_CONFIG_KEY = "onyx.peer/fuse-function-tasks";
    /** The task key that keeps a task apart. */
    public static final String TASK_KEY = "onyx/fuse?";

    private Fusion() {
    }

    /** The job as it runs: every fusable chain of function tasks folded into its lead. */
    public static Job fuse(final Job job) {
        if (Boolean.FALSE.equals(job.jobConfig().get(JOB_CONFIG_KEY))) {
            return job;
        }
        List<Edge> workflow = job.workflow();
        final Map<String, Task> catalog = new LinkedHashMap<>();
        for (final Task task : job.catalog()) {
            catalog.put(task.name(), task);
        }
        boolean changed = false;
        for (boolean again = true; again; ) {
            again = false;
            final WorkflowGraph graph = WorkflowGraph.of(workflow);
            for (final String name : graph.topologicalOrder()) {
                final Set<String> up = graph.ingress(name);
                if (up.size() != 1) {
                    continue;
                }
                final String lead = up.iterator().next();
                if (graph.egress(lead).size() != 1 || !fusable(job, catalog.get(lead), catalog.get(name))) {
                    continue;
                }
                catalog.put(lead, absorb(catalog.get(lead), catalog.remove(name)));
                workflow = rewire(workflow, lead, name);
                changed = true;
                again = true;
                break;
            }
        }
        if (!changed) {
            return job;
        }
        return new Job(workflow, new ArrayList<>(catalog.values()), job.flowConditions(), job.lifecycles(),
            job.windows(), job.triggers(), job.settings());
    }

    /** The catalog entries fused into a task, in the order their functions apply (empty when none). */
    public static List<Task> fusedInto(final Task lead) {
        final List<Task> out = new ArrayList<>();
        if (lead.get(FUSED) instanceof List<?> list) {
            for (final Object entry : list) {
                if (entry instanceof Map<?, ?> map) {
                    @SuppressWarnings("unchecked")
                    final Map<String, Object> attributes = (Map<String, Object>) map;
                    out.add(new Task(attributes));
                }
            }
        }
        return out;
    }

    /** The output task fused into a lead (the last of its fused list), or null. */
    public static Task fusedOutput(final Task lead) {
        final List<Task> fused = fusedInto(lead);
        return fused.isEmpty() || fused.get(fused.size() - 1).type() != TaskType.OUTPUT ? null
            : fused.get(fused.size() - 1);
    }

    /**
     * The tasks of a job as it runs, in topological order: those on its edges, then the leads with a fused output
     * that no edge names any more.
     */
    public static List<String> tasks(final Job job) {
        return tasks(job, WorkflowGraph.of(job.workflow()));
    }

    /** {@link #tasks(Job)} over the job's workflow graph, already built. */
    public static List<String> tasks(final Job job, final WorkflowGraph graph) {
        final List<String> order = new ArrayList<>(graph.topologicalOrder());
        for (final Task task : job.catalog()) {
            if (!order.contains(task.name()) && fusedOutput(task) != null) {
                order.add(task.name());
            }
        }
        return order;
    }

    private static boolean fusable(final Job job, final Task lead, final Task task) {
        if (lead == null || task == null || task.type() != TaskType.FUNCTION && task.type() != TaskType.OUTPUT
            || lead.type() != TaskType.INPUT && lead.type() != TaskType.FUNCTION) {
            return false;
        }
        if (task.type() == TaskType.OUTPUT
            && job.windows().stream().anyMatch(w -> lead.name().equals(w.task()))) {
            return false;
        }
        if (Boolean.FALSE.equals(lead.get(TASK_KEY)) || Boolean.FALSE.equals(task.get(TASK_KEY))
            || lead.batchFn() || task.batchFn() || task.grouped()) {
            return false;
        }
        if (lead.minPeers() != task.minPeers() || lead.maxPeers() != task.maxPeers()
            || !Set.copyOf(lead.requiredTags()).equals(Set.copyOf(task.requiredTags()))
            || lead.integer(Task.PERCENTAGE, 0) != task.integer(Task.PERCENTAGE, 0)) {
            return false;
        }
        for (final Window window : job.windows()) {
            if (task.name().equals(window.task())) {
                return false;
            }
        }
        for (final Lifecycle lifecycle : job.lifecycles()) {
            if (task.name().equals(lifecycle.task()) || Lifecycle.ALL.equals(lifecycle.task())) {
                return false;
            }
        }
        final Set<String> both = Set.of(lead.name(), task.name());
        for (final FlowCondition condition : job.flowConditions()) {
            if (both.contains(condition.from()) || condition.toTasks().stream().anyMatch(both::contains)) {
                return false;
            }
        }
        return true;
    }

    /** The lead with the task (and whatever was fused into it) appended to its fused list. */
    private static Task absorb(final Task lead, final Task task) {
        final List<Object> fused = new ArrayList<>();
        for (final Task t : fusedInto(lead)) {
            fused.add(t.attributes());
        }
        final Map<String, Object> own = new LinkedHashMap<>(task.attributes());
        own.remove(FUSED);
        fused.add(own);
        for (final Task t : fusedInto(task)) {
            fused.add(t.attributes());
        }
        final Map<String, Object> attributes = new LinkedHashMap<>(lead.attributes());
        attributes.put(FUSED, fused);
        return new Task(attributes);
    }

    /** The workflow with the edge lead → task gone and the task's outgoing edges leaving from the lead. */
    private static List<Edge> rewire(final List<Edge> workflow, final String lead, final String task) {
        final List<Edge> out = new ArrayList<>();
        for (final Edge edge : workflow) {
            if (edge.from().equals(lead) && edge.to().equals(task)) {
                continue;
            }
            out.add(edge.from().equals(task) ? new Edge(lead, edge.to()) : edge);
        }
        return out;
    }
}
