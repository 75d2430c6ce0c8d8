package io.sardonyx.log;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who runs what: the peers of each task of each job, their slot ids, each job's coordinator, and the replica
 * version at which each job's allocation last changed (its "replica version" for barriers and checkpoints).
 *
 * @param byJob       job → task → peers, ordered by slot id
 * @param slotIds     job → task → peer → slot id; a peer keeps its slot while it stays on the task
 * @param coordinators job → the peer coordinating its barriers
 * @param versions    job → replica version of its last allocation change
 */
public record Allocations(Map<String, Map<String, List<String>>> byJob,
                          Map<String, Map<String, Map<String, Integer>>> slotIds,
                          Map<String, String> coordinators, Map<String, Long> versions) {
    public static final Allocations EMPTY = new Allocations(Map.of(), Map.of(), Map.of(), Map.of());

    public Allocations {
        final Map<String, Map<String, List<String>>> jobs = new TreeMap<>();
        byJob.forEach((job, tasks) -> {
            final Map<String, List<String>> copy = new TreeMap<>();
            tasks.forEach((task, peers) -> copy.put(task, List.copyOf(peers)));
            jobs.put(job, Collections.unmodifiableMap(copy));
        });
        byJob = Collections.unmodifiableMap(jobs);
        final Map<String, Map<String, Map<String, Integer>>> slots = new TreeMap<>();
        slotIds.forEach((job, tasks) -> {
            final Map<String, Map<String, Integer>> copy = new TreeMap<>();
            tasks.forEach((task, peers) -> copy.put(task, Collections.unmodifiableMap(new TreeMap<>(peers))));
            slots.put(job, Collections.unmodifiableMap(copy));
        });
        slotIds = Collections.unmodifiableMap(slots);
        coordinators = Collections.unmodifiableMap(new TreeMap<>(coordinators));
        versions = Collections.unmodifiableMap(new TreeMap<>(versions));
    }

    /** Peer → the task it runs, for every allocated peer. */
    public Map<String, TaskRef> byPeer() {
        final Map<String, TaskRef> index = new HashMap<>();
        byJob.forEach((job, tasks) -> tasks.forEach((task, peers) -> {
            final TaskRef ref = new TaskRef(job, task);
            peers.forEach(peer -> index.put(peer, ref));
        }));
        return index;
    }

    /** The task a peer runs, or null. */
    public TaskRef taskOf(final String peer) {
        for (final Map.Entry<String, Map<String, List<String>>> job : byJob.entrySet()) {
            for (final Map.Entry<String, List<String>> task : job.getValue().entrySet()) {
                if (task.getValue().contains(peer)) {
                    return new TaskRef(job.getKey(), task.getKey());
                }
            }
        }
        return null;
    }

    /** The peers of one task (empty when none). */
    public List<String> peersOf(final String job, final String task) {
        return byJob.getOrDefault(job, Map.of()).getOrDefault(task, List.of());
    }

    /** True when the job has any peer. */
    public boolean allocated(final String job) {
        return byJob.containsKey(job);
    }
}
