package io.sardonyx.schedule;

import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.log.JobSpec;
import io.sardonyx.log.PeerInfo;
import io.sardonyx.log.TaskSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses which peer runs which task, given each task's target count. Peers already on a task stay there (those
 * with the lowest slots first) as long as the task keeps room for them; freed and new peers fill the tasks that
 * need more: tasks with required tags first (from the peers that qualify), then the rest (untagged peers first,
 * so tagged ones stay available). Colocated jobs are placed in whole copies per peer group.
 */
final class Placement {
    private final Map<String, PeerInfo> peerInfo;
    private final Set<String> busyNow;
    private final Set<String> free;
    private final Map<String, Map<String, List<String>>> placed = new LinkedHashMap<>();

    /**
     * @param peers    schedulable peers, in join order
     * @param peerInfo peer → group and tags
     * @param busyNow  peers that run a task now (tagged tasks take idle qualified peers before busy ones)
     */
    Placement(final List<String> peers, final Map<String, PeerInfo> peerInfo, final Set<String> busyNow) {
        this.peerInfo = peerInfo;
        this.busyNow = busyNow;
        this.free = new LinkedHashSet<>(peers);
    }

    /** Registers a job that gets peers, so a job that ends up with none is seen as starved, not as idle. */
    void reserve(final String job) {
        placed.computeIfAbsent(job, j -> new LinkedHashMap<>());
    }

    /** Keeps up to {@code target} of the task's current peers (in slot order) that are still schedulable. */
    private void keep(final String job, final TaskSpec task, final List<String> current, final long target) {
        final List<String> kept = taskList(job, task.name());
        for (final String peer : current) {
            if (kept.size() >= target) {
                break;
            }
            if (free.contains(peer) && qualifies(peer, task)) {
                free.remove(peer);
                kept.add(peer);
            }
        }
    }

    /**
     * Keeps the current peers of every task with required tags ({@code tagged}) or of every task without, up to
     * each task's target. Tagged tasks keep and fill first, before untagged tasks keep their peers, so a qualified
     * peer serves a task that needs it rather than staying on one that does not; otherwise a job waiting for a tag
     * would flip in and out of the cluster with where tagged peers happen to sit.
     */
    void keepAll(final List<JobSpec> jobs, final Map<String, Map<String, Long>> targets,
                 final Map<String, Map<String, List<String>>> current, final boolean tagged) {
        for (final JobSpec job : jobs) {
            for (final TaskSpec task : tasks(job, tagged)) {
                keep(job.id(), task, current.getOrDefault(job.id(), Map.of()).getOrDefault(task.name(), List.of()),
                    targets.get(job.id()).get(task.name()));
            }
        }
    }

    /** Fills every task with (or without) required tags up to its target from the free peers. */
    void fillAll(final List<JobSpec> jobs, final Map<String, Map<String, Long>> targets, final boolean tagged) {
        for (final JobSpec job : jobs) {
            for (final TaskSpec task : tasks(job, tagged)) {
                fillTask(job.id(), task, targets.get(job.id()).get(task.name()));
            }
        }
    }

    /** The job's tasks with (or without) required tags; none for a colocated job, placed by whole copies. */
    private static List<TaskSpec> tasks(final JobSpec job, final boolean tagged) {
        if (job.taskScheduler() == TaskSchedulerKind.COLOCATED) {
            return List.of();
        }
        return job.tasks().stream().filter(task -> task.requiredTags().isEmpty() != tagged).toList();
    }

    private void fillTask(final String job, final TaskSpec task, final long target) {
        final List<String> peers = taskList(job, task.name());
        if (peers.size() >= target) {
            return;
        }
        // Two passes: an untagged task takes peers without tags first, keeping tagged peers for tasks that need
        // them; a tagged task takes idle qualified peers first, moving busy ones only when it must.
        for (int pass = 0; pass < 2 && peers.size() < target; pass++) {
            final boolean picky = pass == 0;
            final List<String> taken = new ArrayList<>();
            for (final String peer : free) {
                if (peers.size() + taken.size() >= target) {
                    break;
                }
                final boolean preferred = task.requiredTags().isEmpty() ? peerInfo.get(peer).tags().isEmpty()
                    : !busyNow.contains(peer);
                if (qualifies(peer, task) && (!picky || preferred)) {
                    taken.add(peer);
                }
            }
            taken.forEach(free::remove);
            peers.addAll(taken);
        }
    }

    /**
     * Places a colocated job: each copy is one peer per task, all from one peer group. Existing whole copies stay;
     * new copies come from groups with enough free peers, in join order.
     */
    void placeColocated(final JobSpec job, final Map<String, List<String>> current, final long copies) {
        final Map<String, List<String>> freeByGroup = new LinkedHashMap<>();
        final Map<String, Map<String, List<String>>> currentByGroup = new LinkedHashMap<>();
        for (final TaskSpec task : job.tasks()) {
            for (final String peer : current.getOrDefault(task.name(), List.of())) {
                if (free.contains(peer)) {
                    currentByGroup.computeIfAbsent(peerInfo.get(peer).group(), g -> new LinkedHashMap<>())
                        .computeIfAbsent(task.name(), t -> new ArrayList<>()).add(peer);
                }
            }
        }
        long made = 0;
        for (final Map.Entry<String, Map<String, List<String>>> group : currentByGroup.entrySet()) {
            long whole = Long.MAX_VALUE;
            for (final TaskSpec task : job.tasks()) {
                whole = Math.min(whole, group.getValue().getOrDefault(task.name(), List.of()).size());
            }
            for (long copy = 0; copy < whole && made < copies; copy++, made++) {
                for (final TaskSpec task : job.tasks()) {
                    final String peer = group.getValue().get(task.name()).get((int) copy);
                    free.remove(peer);
                    taskList(job.id(), task.name()).add(peer);
                }
            }
        }
        for (final String peer : free) {
            freeByGroup.computeIfAbsent(peerInfo.get(peer).group(), g -> new ArrayList<>()).add(peer);
        }
        for (final List<String> groupPeers : freeByGroup.values()) {
            while (made < copies) {
                final List<String> copy = copyFrom(groupPeers, job.tasks());
                if (copy == null) {
                    break;
                }
                for (int i = 0; i < copy.size(); i++) {
                    free.remove(copy.get(i));
                    taskList(job.id(), job.tasks().get(i).name()).add(copy.get(i));
                }
                made++;
            }
        }
    }

    /** One qualifying peer per task from the group's free peers (removed from the list), or null. */
    private List<String> copyFrom(final List<String> groupPeers, final List<TaskSpec> tasks) {
        final List<String> copy = new ArrayList<>();
        final Set<String> used = new HashSet<>();
        for (final TaskSpec task : tasks) {
            String chosen = null;
            for (final String peer : groupPeers) {
                if (!used.contains(peer) && qualifies(peer, task)) {
                    chosen = peer;
                    break;
                }
            }
            if (chosen == null) {
                return null;
            }
            used.add(chosen);
            copy.add(chosen);
        }
        groupPeers.removeAll(used);
        return copy;
    }

    private boolean qualifies(final String peer, final TaskSpec task) {
        return task.requiredTags().isEmpty() || peerInfo.get(peer).qualifiesFor(task.requiredTags());
    }

    private List<String> taskList(final String job, final String task) {
        return placed.computeIfAbsent(job, j -> new LinkedHashMap<>()).computeIfAbsent(task, t -> new ArrayList<>());
    }

    /** Job → task → placed peers (unordered by slot yet). */
    Map<String, Map<String, List<String>>> placed() {
        return placed;
    }
}
