package io.sardonyx.job;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The workflow as a graph: each task's upstream and downstream tasks, its cycles, and a topological order.
 * Node order is the order of first appearance in the edges, so every result is deterministic.
 */
public final class WorkflowGraph {
    private final Map<String, Set<String>> egress = new LinkedHashMap<>();
    private final Map<String, Set<String>> ingress = new LinkedHashMap<>();

    private WorkflowGraph(final List<Edge> edges) {
        for (final Edge edge : edges) {
            node(edge.from());
            node(edge.to());
            egress.get(edge.from()).add(edge.to());
            ingress.get(edge.to()).add(edge.from());
        }
    }

    /** The graph of a workflow. */
    public static WorkflowGraph of(final List<Edge> edges) {
        return new WorkflowGraph(edges);
    }

    private void node(final String name) {
        egress.computeIfAbsent(name, k -> new LinkedHashSet<>());
        ingress.computeIfAbsent(name, k -> new LinkedHashSet<>());
    }

    /** Every task named by an edge, in order of first appearance. */
    public Set<String> nodes() {
        return Collections.unmodifiableSet(egress.keySet());
    }

    /** The tasks a task sends to (empty for an unknown task). */
    public Set<String> egress(final String task) {
        return Collections.unmodifiableSet(egress.getOrDefault(task, Set.of()));
    }

    /** The tasks a task receives from (empty for an unknown task). */
    public Set<String> ingress(final String task) {
        return Collections.unmodifiableSet(ingress.getOrDefault(task, Set.of()));
    }

    /**
     * One cycle through each strongly connected part of the graph that has one, as the list of tasks visited,
     * the first repeated at the end: {@code [a, b, a]}; a self-loop is {@code [a, a]}.
     */
    public List<List<String>> cycles() {
        final List<List<String>> cycles = new ArrayList<>();
        for (final Set<String> component : new Tarjan().components()) {
            final String start = component.iterator().next();
            if (component.size() > 1 || egress.get(start).contains(start)) {
                cycles.add(cycleThrough(start, component));
            }
        }
        return cycles;
    }

    /** A shortest path from start back to start inside the component (breadth first). */
    private List<String> cycleThrough(final String start, final Set<String> component) {
        final Map<String, String> parent = new HashMap<>();
        final Deque<String> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            final String node = queue.poll();
            for (final String next : egress.get(node)) {
                if (next.equals(start)) {
                    final List<String> path = new ArrayList<>();
                    for (String at = node; at != null; at = parent.get(at)) {
                        path.add(0, at);
                    }
                    path.add(start);
                    return path;
                }
                if (component.contains(next) && !parent.containsKey(next)) {
                    parent.put(next, node);
                    queue.add(next);
                }
            }
        }
        throw new IllegalStateException("no cycle through " + start + " in its own component");
    }

    /**
     * The tasks in an order where every task comes after all its upstream tasks; ties keep the order of first
     * appearance.
     *
     * @throws IllegalStateException when the graph has a cycle
     */
    public List<String> topologicalOrder() {
        final Map<String, Integer> waiting = new HashMap<>();
        final List<String> order = new ArrayList<>();
        for (final String node : egress.keySet()) {
            waiting.put(node, ingress.get(node).size());
            if (ingress.get(node).isEmpty()) {
                order.add(node);
            }
        }
        for (int i = 0; i < order.size(); i++) {
            for (final String next : egress.get(order.get(i))) {
                if (waiting.merge(next, -1, Integer::sum) == 0) {
                    order.add(next);
                }
            }
        }
        if (order.size() != egress.size()) {
            throw new IllegalStateException("the workflow has a cycle: " + cycles());
        }
        return order;
    }

    /** Tarjan's strongly connected components, iterative so deep workflows cannot overflow the stack. */
    private final class Tarjan {
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new java.util.HashSet<>();
        private final List<Set<String>> components = new ArrayList<>();
        private int counter;

        List<Set<String>> components() {
            for (final String node : egress.keySet()) {
                if (!index.containsKey(node)) {
                    visit(node);
                }
            }
            Collections.reverse(components);
            return components;
        }

        private void visit(final String root) {
            final Deque<Map.Entry<String, java.util.Iterator<String>>> work = new ArrayDeque<>();
            enter(root);
            work.push(Map.entry(root, egress.get(root).iterator()));
            while (!work.isEmpty()) {
                final String node = work.peek().getKey();
                final java.util.Iterator<String> next = work.peek().getValue();
                if (next.hasNext()) {
                    final String child = next.next();
                    if (!index.containsKey(child)) {
                        enter(child);
                        work.push(Map.entry(child, egress.get(child).iterator()));
                    } else if (onStack.contains(child)) {
                        low.put(node, Math.min(low.get(node), index.get(child)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    final String parent = work.peek().getKey();
                    low.put(parent, Math.min(low.get(parent), low.get(node)));
                }
                if (low.get(node).equals(index.get(node))) {
                    final Set<String> component = new LinkedHashSet<>();
                    String member;
                    do {
                        member = stack.pop();
                        onStack.remove(member);
                        component.add(member);
                    } while (!member.equals(node));
                    final List<String> ordered = new ArrayList<>(component);
                    Collections.reverse(ordered);
                    components.add(new LinkedHashSet<>(ordered));
                }
            }
        }

        private void enter(final String node) {
            index.put(node, counter);
            low.put(node, counter);
            counter++;
            stack.push(node);
            onStack.add(node);
        }
    }
}
