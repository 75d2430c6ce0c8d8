package io.sardonyx.task;

import io.sardonyx.job.Fusion;
import io.sardonyx.job.Job;
import io.sardonyx.job.WorkflowGraph;
import io.sardonyx.log.PeerInfo;
import io.sardonyx.log.Replica;
import io.sardonyx.messaging.Frame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who runs what in one job at one allocation version, derived from the replica alone, so every peer computes the
 * same layout: tasks in workflow order (their index), each task's peers in slot order (their index is the peer's
 * data slot), each task's upstream and downstream tasks, and the coordinator.
 *
 * @param jobId       the job
 * @param jobKey      a 64-bit hash of the job id carried by every frame
 * @param version     the job's allocation version
 * @param tasks       task names in workflow order
 * @param peers       per task index, its peers in slot order
 * @param downstream  per task index, the indexes of the tasks it sends to, in workflow order
 * @param upstream    per task index, the indexes of the tasks it receives from
 * @param coordinator the peer coordinating the job's barriers
 * @param sites       peer → where it lives
 */
public record JobLayout(String jobId, long jobKey, long version, List<String> tasks, List<List<String>> peers,
                        List<List<Integer>> downstream, List<List<Integer>> upstream, String coordinator,
                        Map<String, PeerInfo> sites) {
    /** The layout of a job in the replica, or null when the job has no allocation there. */
    public static JobLayout of(final Replica replica, final String jobId, final Job job) {
        final Long version = replica.allocations().versions().get(jobId);
        final Map<String, List<String>> byTask = replica.allocations().byJob().get(jobId);
        if (version == null || byTask == null) {
            return null;
        }
        final WorkflowGraph graph = WorkflowGraph.of(job.workflow());
        final List<String> order = Fusion.tasks(job, graph);
        final List<List<String>> peers = new ArrayList<>();
        final Map<String, PeerInfo> sites = new HashMap<>();
        for (final String task : order) {
            final List<String> onTask = byTask.getOrDefault(task, List.of());
            peers.add(onTask);
            for (final String peer : onTask) {
                final PeerInfo info = replica.membership().peerInfo().get(peer);
                if (info != null) {
                    sites.put(peer, info);
                }
            }
        }
        final List<List<Integer>> down = new ArrayList<>();
        final List<List<Integer>> up = new ArrayList<>();
        for (final String task : order) {
            down.add(indexes(order, graph.egress(task)));
            up.add(indexes(order, graph.ingress(task)));
        }
        return new JobLayout(jobId, keyOf(jobId), version, order, peers, down, up,
            replica.allocations().coordinators().get(jobId), Collections.unmodifiableMap(sites));
    }

    private static List<Integer> indexes(final List<String> order, final java.util.Set<String> names) {
        final List<Integer> out = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            if (names.contains(order.get(i))) {
                out.add(i);
            }
        }
        return List.copyOf(out);
    }

    /** A stable 64-bit hash of a job id (FNV-1a over its UTF-8 bytes). */
    public static long keyOf(final String jobId) {
        long h = 0xcbf29ce484222325L;
        for (final byte b : jobId.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    public int taskIndex(final String task) {
        return tasks.indexOf(task);
    }

    /** True when every task has at least one peer. */
    public boolean complete() {
        for (final List<String> onTask : peers) {
            if (onTask.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The source ids of every peer of the tasks upstream of a task. */
    public List<Integer> sourcesOf(final int taskIndex) {
        final List<Integer> out = new ArrayList<>();
        for (final int up : upstream.get(taskIndex)) {
            for (int slot = 0; slot < peers.get(up).size(); slot++) {
                out.add(Frame.source(up, slot));
            }
        }
        return out;
    }

    /** The peer at a source id, or null. */
    public String peerAt(final int source) {
        final int task = Frame.taskIndexOf(source);
        final int slot = Frame.slotOf(source);
        if (task >= peers.size() || slot >= peers.get(task).size()) {
            return null;
        }
        return peers.get(task).get(slot);
    }

    /** Indexes of the input tasks (no upstream). */
    public List<Integer> inputs() {
        final List<Integer> out = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            if (upstream.get(i).isEmpty()) {
                out.add(i);
            }
        }
        return out;
    }

    /** Indexes of the terminal tasks (no downstream): they report to the coordinator. */
    public List<Integer> terminals() {
        final List<Integer> out = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            if (downstream.get(i).isEmpty()) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * Tasks whose peers write state at every checkpoint (inputs and outputs, fused or not: their plugins; windowed
     * tasks), with peer counts.
     */
    public Map<String, Integer> statefulTasks(final Job job) {
        final Map<String, Integer> out = new HashMap<>();
        for (int t = 0; t < tasks.size(); t++) {
            final io.sardonyx.job.Task task = job.task(tasks.get(t)).orElse(null);
            final io.sardonyx.job.TaskType type = task == null ? null : task.type();
            final String name = tasks.get(t);
            if (type == io.sardonyx.job.TaskType.INPUT || type == io.sardonyx.job.TaskType.OUTPUT
                || job.windows().stream().anyMatch(w -> name.equals(w.task()))) {
                out.put(tasks.get(t), peers.get(t).size());
            }
            final io.sardonyx.job.Task fused = task == null ? null : Fusion.fusedOutput(task);
            if (fused != null) {
                // A fused output keeps its state under its own name, so a checkpoint reads the same fused or not.
                out.put(fused.name(), peers.get(t).size());
            }
        }
        return out;
    }
}
