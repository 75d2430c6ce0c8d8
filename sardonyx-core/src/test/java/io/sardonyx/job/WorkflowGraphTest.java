package io.sardonyx.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WorkflowGraphTest {
    private static WorkflowGraph graph(final String... pairs) {
        final List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            edges.add(new Edge(pairs[i], pairs[i + 1]));
        }
        return WorkflowGraph.of(edges);
    }

    @Test
    void shouldOrderTasksAfterTheirUpstreamTasks() {
        final WorkflowGraph g = graph("in", "a", "in", "b", "a", "out", "b", "out");
        assertThat(g.topologicalOrder()).containsExactly("in", "a", "b", "out");
        assertThat(g.egress("in")).containsExactly("a", "b");
        assertThat(g.ingress("out")).containsExactly("a", "b");
        assertThat(g.cycles()).isEmpty();
    }

    @Test
    void shouldFindEachCycleAndSelfLoop() {
        final WorkflowGraph g = graph("in", "a", "a", "b", "b", "c", "c", "a", "c", "c", "in", "x", "x", "y", "y",
            "x");
        assertThat(g.cycles()).containsExactlyInAnyOrder(List.of("a", "b", "c", "a"), List.of("x", "y", "x"));
        assertThat(graph("a", "a").cycles()).containsExactly(List.of("a", "a"));
        assertThatThrownBy(g::topologicalOrder).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldHandleDeepChainsWithoutRecursion() {
        final List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            edges.add(new Edge("t" + i, "t" + (i + 1)));
        }
        edges.add(new Edge("t50000", "t0"));
        assertThat(WorkflowGraph.of(edges).cycles()).singleElement().satisfies(c -> assertThat(c).hasSize(50_002));
    }

    @Test
    void shouldReportACycleExactlyWhenNoTopologicalOrderExists() {
        for (int seed = 0; seed < 2_000; seed++) {
            final SplittableRandom random = new SplittableRandom(seed);
            final int n = 1 + random.nextInt(8);
            final List<Edge> edges = new ArrayList<>();
            for (int i = random.nextInt(12); i > 0; i--) {
                edges.add(new Edge("t" + random.nextInt(n), "t" + random.nextInt(n)));
            }
            final WorkflowGraph g = WorkflowGraph.of(edges);
            final boolean acyclic = g.cycles().isEmpty();
            if (acyclic) {
                final List<String> order = g.topologicalOrder();
                final Set<String> seen = new HashSet<>();
                for (final String task : order) {
                    assertThat(seen).as("seed %d", seed).containsAll(g.ingress(task));
                    seen.add(task);
                }
                assertThat(order).as("seed %d", seed).hasSameElementsAs(g.nodes());
            } else {
                for (final List<String> cycle : g.cycles()) {
                    for (int i = 0; i + 1 < cycle.size(); i++) {
                        assertThat(g.egress(cycle.get(i))).as("seed %d", seed).contains(cycle.get(i + 1));
                    }
                    assertThat(cycle.get(0)).isEqualTo(cycle.get(cycle.size() - 1));
                }
                assertThatThrownBy(g::topologicalOrder).as("seed %d", seed).isInstanceOf(IllegalStateException.class);
            }
        }
    }
}
