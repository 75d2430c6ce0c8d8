package io.sardonyx.dashboard;

import io.sardonyx.log.store.LogEntry;
import io.sardonyx.log.Replica;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an entry meant, in the words a person uses: a peer group joined or left, a peer was added or left, a job
 * was submitted, started, completed or killed, a task was allocated or reallocated. Derived from the replica
 * before and after the entry. Pure.
 */
public final class Events {
    private Events() {
    }

    /** The events of one entry (often none). */
    public static List<Map<String, Object>> of(final Replica before, final Replica after, final LogEntry entry) {
        final List<Map<String, Object>> out = new ArrayList<>();
        for (final String group : after.membership().groups()) {
            if (!before.membership().groups().contains(group)) {
                out.add(event("group-joined", "peer group " + group + " joined", "group", group));
            }
        }
        for (final String group : before.membership().groups()) {
            if (!after.membership().groups().contains(group)) {
                out.add(event("group-left", "peer group " + group + " left", "group", group));
            }
        }
        for (final String peer : after.membership().peers()) {
            if (!before.membership().peers().contains(peer)) {
                out.add(event("peer-added", "peer " + peer + " added", "peer", peer));
            }
        }
        for (final String peer : before.membership().peers()) {
            if (!after.membership().peers().contains(peer)) {
                out.add(event("peer-left", "peer " + peer + " left" + ("leave-cluster".equals(entry.command().name())
                    ? " (evicted or restarted)" : ""), "peer", peer));
            }
        }
        for (final String job : after.jobs().active()) {
            if (!before.jobs().active().contains(job)) {
                out.add(event("job-submitted", "job " + job + " submitted", "job", job));
            }
        }
        for (final String job : after.jobs().completed()) {
            if (!before.jobs().completed().contains(job)) {
                out.add(event("job-completed", "job " + job + " completed", "job", job));
            }
        }
        for (final String job : after.jobs().killed()) {
            if (!before.jobs().killed().contains(job)) {
                out.add(event("job-killed", "job " + job + " killed", "job", job));
            }
        }
        allocations(before, after, out);
        return out;
    }

    private static void allocations(final Replica before, final Replica after, final List<Map<String, Object>> out) {
        for (final Map.Entry<String, Map<String, List<String>>> job : after.allocations().byJob().entrySet()) {
            final Map<String, List<String>> was = before.allocations().byJob().getOrDefault(job.getKey(), Map.of());
            if (was.isEmpty() && !job.getValue().isEmpty()) {
                out.add(event("job-started", "job " + job.getKey() + " started on "
                    + job.getValue().values().stream().mapToInt(List::size).sum() + " peers", "job", job.getKey()));
            }
            for (final Map.Entry<String, List<String>> task : job.getValue().entrySet()) {
                final List<String> previous = was.getOrDefault(task.getKey(), List.of());
                if (!previous.equals(task.getValue())) {
                    final Map<String, Object> e = event(previous.isEmpty() ? "task-allocated" : "task-reallocated",
                        "task " + task.getKey() + " of job " + job.getKey() + (previous.isEmpty() ? " allocated to "
                            : " reallocated to ") + task.getValue().size() + " peer(s)", "job", job.getKey());
                    e.put("task", task.getKey());
                    e.put("peers", task.getValue());
                    out.add(e);
                }
            }
        }
    }

    /** An event of a kind, with its text and one subject. */
    static Map<String, Object> event(final String kind, final String text, final String key, final Object value) {
        final Map<String, Object> e = new LinkedHashMap<>();
        e.put("kind", kind);
        e.put("text", text);
        e.put(key, value);
        return e;
    }
}
