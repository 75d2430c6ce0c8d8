package io.sardonyx.job;

import static io.sardonyx.job.Findings.q;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The workflow against itself and the catalog: edges, names, cycles, and where each task type may stand. */
final class WorkflowChecks {
    private final Job job;
    private final WorkflowGraph graph;
    private final Map<String, Task> tasks;
    private final Findings findings;

    WorkflowChecks(final Job job, final WorkflowGraph graph, final Map<String, Task> tasks, final Findings findings) {
        this.job = job;
        this.graph = graph;
        this.tasks = tasks;
        this.findings = findings;
    }

    void run() {
        if (job.workflow().isEmpty()) {
            findings.error("workflow", "is empty; a job needs at least one edge, such as [[\"in\", \"out\"]]");
        }
        duplicateEdges();
        missingTasks();
        unusedTasks();
        cycles();
        placement();
    }

    private void duplicateEdges() {
        final Map<Edge, Integer> counts = new LinkedHashMap<>();
        job.workflow().forEach(edge -> counts.merge(edge, 1, Integer::sum));
        counts.forEach((edge, count) -> {
            if (count > 1) {
                findings.error("workflow edge " + edge, "appears " + count + " times; list each edge once");
            }
        });
    }

    private void missingTasks() {
        final Set<String> reported = new HashSet<>();
        for (final Edge edge : job.workflow()) {
            for (final String name : List.of(edge.from(), edge.to())) {
                if (!tasks.containsKey(name) && reported.add(name)) {
                    findings.error("workflow edge " + edge, "task " + q(name) + " is not in the catalog"
                        + Suggestions.didYouMean(name, tasks.keySet()));
                }
            }
        }
    }

    private void unusedTasks() {
        for (final String name : tasks.keySet()) {
            if (!graph.nodes().contains(name)) {
                findings.error("task " + q(name), "is in the catalog but no workflow edge uses it; connect it or "
                    + "remove it" + Suggestions.closest(name, unknownNodes())
                    .map(typo -> " (is it the " + q(typo) + " of the workflow?)").orElse(""));
            }
        }
    }

    private Set<String> unknownNodes() {
        final Set<String> unknown = new HashSet<>(graph.nodes());
        unknown.removeAll(tasks.keySet());
        return unknown;
    }

    private void cycles() {
        for (final List<String> cycle : graph.cycles()) {
            final String path = String.join(" -> ", cycle);
            if (cycle.size() == 2) {
                findings.error("workflow edge " + new Edge(cycle.get(0), cycle.get(0)), "is a self-loop (" + path
                    + "); a workflow is a directed acyclic graph");
            } else {
                findings.error("workflow", "has a cycle: " + path + "; a workflow is a directed acyclic graph");
            }
        }
    }

    private void placement() {
        for (final Map.Entry<String, Task> entry : tasks.entrySet()) {
            final String name = entry.getKey();
            final TaskType type = entry.getValue().type();
            if (type == null || !graph.nodes().contains(name)) {
                continue;
            }
            final Set<String> in = graph.ingress(name);
            final Set<String> out = graph.egress(name);
            final String subject = "task " + q(name);
            switch (type) {
                case INPUT -> {
                    if (!in.isEmpty()) {
                        findings.error(subject, "is an input task but has an incoming edge from " + names(in)
                            + "; inputs read from their plugin, so nothing may flow into them");
                    }
                }
                case OUTPUT -> {
                    if (!out.isEmpty()) {
                        findings.error(subject, "is an output task but has an outgoing edge to " + names(out)
                            + "; outputs end the workflow (make it a function task to pass segments on)");
                    }
                }
                case FUNCTION -> {
                    if (in.isEmpty()) {
                        findings.error(subject, "is a function task with no incoming edge; segments enter a "
                            + "workflow through input tasks");
                    }
                    if (out.isEmpty()) {
                        findings.error(subject, "is a function task with no outgoing edge; end the workflow with "
                            + "an output task");
                    }
                }
                case REDUCE -> {
                    if (in.isEmpty()) {
                        findings.error(subject, "is a reduce task with no incoming edge; it aggregates what "
                            + "upstream tasks send it");
                    }
                }
                default -> throw new IllegalStateException("unknown task type " + type);
            }
        }
    }

    private static String names(final Set<String> names) {
        return String.join(", ", names.stream().map(Findings::q).toList());
    }
}
