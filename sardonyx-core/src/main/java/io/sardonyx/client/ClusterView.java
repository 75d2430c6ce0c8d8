package io.sardonyx.client;

import io.sardonyx.log.Replica;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster as the log says it was after one entry: an immutable snapshot, taken by {@link Sardonyx#cluster()}.
 *
 * @param entry       the log entry it reflects
 * @param groups      the peer groups that joined, in joining order
 * @param peers       every virtual peer, in joining order
 * @param activeJobs  jobs submitted and not yet finished
 * @param completed   jobs that completed
 * @param killed      jobs that were killed
 * @param allocations per active job, per task, the peers it runs on
 */
public record ClusterView(long entry, List<String> groups, List<String> peers, List<String> activeJobs,
                          List<String> completed, List<String> killed,
                          Map<String, Map<String, List<String>>> allocations) {
    public ClusterView {
        groups = List.copyOf(groups);
        peers = List.copyOf(peers);
        activeJobs = List.copyOf(activeJobs);
        completed = List.copyOf(completed);
        killed = List.copyOf(killed);
        final Map<String, Map<String, List<String>>> copy = new LinkedHashMap<>();
        allocations.forEach((job, tasks) -> {
            final Map<String, List<String>> byTask = new LinkedHashMap<>();
            tasks.forEach((task, on) -> byTask.put(task, List.copyOf(on)));
            copy.put(job, java.util.Collections.unmodifiableMap(byTask));
        });
        allocations = java.util.Collections.unmodifiableMap(copy);
    }

    static ClusterView of(final Replica replica) {
        return new ClusterView(replica.version(), replica.membership().groups(), replica.membership().peers(),
            replica.jobs().active(), replica.jobs().completed(), replica.jobs().killed(),
            replica.allocations().byJob());
    }

    /** True when the job has peers on every task (it is running). */
    public boolean running(final String jobId) {
        final Map<String, List<String>> tasks = allocations.get(jobId);
        return tasks != null && !tasks.isEmpty() && tasks.values().stream().noneMatch(List::isEmpty);
    }
}
