package io.sardonyx.schedule;

import io.sardonyx.job.JobSchedulerKind;
import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.log.Allocations;
import io.sardonyx.log.JobSpec;
import io.sardonyx.log.PeerInfo;
import io.sardonyx.log.Replica;
import io.sardonyx.log.TaskSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recomputes who runs what after a membership or job change: a pure, deterministic function of the replica, so
 * every peer reaches the same allocation. Peers stay where they are unless their task has too many; slot ids
 * are stable; a job whose tasks cannot all reach their min-peers gets no peers at all (the latest such job is
 * dropped first and the rest placed again); coordinators are sticky.
 */
public final class Scheduler {
    private Scheduler() {
    }

    /** The replica with allocations, slot ids, coordinators and allocation versions brought up to date. */
    public static Replica reconfigure(final Replica replica) {
        final List<String> peers = replica.membership().peers();
        final Set<String> live = new HashSet<>(peers);
        final Allocations old = replica.allocations();
        final List<JobSpec> active = new ArrayList<>();
        for (final String id : replica.jobs().active()) {
            active.add(replica.jobs().specs().get(id));
        }
        final Map<String, Map<String, List<String>>> current = liveAllocations(old, live, replica);
        final Set<String> dropped = new HashSet<>();
        final Map<String, Map<String, Long>> caps = new HashMap<>();
        while (true) {
            final List<JobSpec> jobs = active.stream().filter(job -> !dropped.contains(job.id()))
                .map(job -> capped(job, caps.getOrDefault(job.id(), Map.of()))).toList();
            final Plan plan = place(replica.parameters().jobScheduler(), jobs, peers, replica.membership().peerInfo(),
                current);
            final String starved = lastStarved(jobs, plan.placed());
            if (starved != null) {
                // Caps found while the starved job held peers are stale once it is gone.
                dropped.add(starved);
                caps.clear();
                continue;
            }
            // A task that got fewer peers than its target lacks qualified peers (tags, whole colocated copies):
            // cap it at what it got and spread the rest again, so no peer sits idle on an unfillable share.
            if (!capUnmetTargets(plan, caps)) {
                return replica.withAllocations(finish(replica, old, plan.placed()));
            }
        }
    }

    /** Each job's share, its tasks' targets, and the peers placed for them. */
    private record Plan(Map<String, Long> shares, Map<String, Map<String, Long>> targets,
                        Map<String, Map<String, List<String>>> placed) {
    }

    /**
     * Caps each task that got fewer peers than its target at what it got, and each task of a job whose targets
     * use less than its share (a colocated job rounds down to whole copies) at its target. Caps only fall, so the
     * scheduling loop ends.
     *
     * @return true when a cap fell
     */
    private static boolean capUnmetTargets(final Plan plan, final Map<String, Map<String, Long>> caps) {
        boolean capped = false;
        for (final Map.Entry<String, Map<String, Long>> job : plan.targets().entrySet()) {
            final long used = job.getValue().values().stream().mapToLong(Long::longValue).sum();
            final boolean unusedShare = used < plan.shares().get(job.getKey());
            final Map<String, Long> jobCaps = caps.computeIfAbsent(job.getKey(), j -> new HashMap<>());
            for (final Map.Entry<String, Long> task : job.getValue().entrySet()) {
                final long got = plan.placed().getOrDefault(job.getKey(), Map.of())
                    .getOrDefault(task.getKey(), List.of()).size();
                final long cap = unusedShare ? Math.min(got, task.getValue()) : got < task.getValue() ? got
                    : Long.MAX_VALUE;
                if (cap < jobCaps.getOrDefault(task.getKey(), Long.MAX_VALUE)) {
                    jobCaps.put(task.getKey(), cap);
                    capped = true;
                }
            }
        }
        return capped;
    }

    /** The job with each capped task's max-peers lowered to its cap. */
    private static JobSpec capped(final JobSpec job, final Map<String, Long> caps) {
        if (caps.isEmpty()) {
            return job;
        }
        final List<TaskSpec> tasks = new ArrayList<>();
        for (final TaskSpec t : job.tasks()) {
            final Long cap = caps.get(t.name());
            tasks.add(cap == null ? t : new TaskSpec(t.name(), t.type(), t.minPeers(), Math.min(t.maxPeers(), cap),
                t.fluxPolicy(), t.requiredTags(), t.percentage(), t.grouped(), t.windowed()));
        }
        return new JobSpec(job.id(), tasks, job.taskScheduler(), job.percentage());
    }

    /** The old allocations of active jobs, without peers that are gone, in slot order. */
    private static Map<String, Map<String, List<String>>> liveAllocations(final Allocations old,
                                                                          final Set<String> live,
                                                                          final Replica replica) {
        final Map<String, Map<String, List<String>>> current = new HashMap<>();
        old.byJob().forEach((job, tasks) -> {
            if (replica.jobs().activeSpec(job) == null) {
                return;
            }
            final Map<String, List<String>> kept = new HashMap<>();
            tasks.forEach((task, taskPeers) -> kept.put(task, taskPeers.stream().filter(live::contains).toList()));
            current.put(job, kept);
        });
        return current;
    }

    private static Plan place(final JobSchedulerKind kind, final List<JobSpec> jobs, final List<String> peers,
                              final Map<String, PeerInfo> peerInfo,
                              final Map<String, Map<String, List<String>>> current) {
        final Map<String, Long> jobCounts = new HashMap<>();
        current.forEach((job, tasks) -> jobCounts.put(job, tasks.values().stream().mapToLong(List::size).sum()));
        final Map<String, Long> shares = JobShares.shares(kind, jobs, peers.size(), jobCounts);
        final List<JobSpec> running = jobs.stream().filter(job -> shares.get(job.id()) > 0).toList();
        final Map<String, Map<String, Long>> targets = new HashMap<>();
        for (final JobSpec job : running) {
            final Map<String, Long> taskCounts = new HashMap<>();
            current.getOrDefault(job.id(), Map.of()).forEach((task, list) -> taskCounts.put(task, (long) list.size()));
            targets.put(job.id(), TaskTargets.targets(job, shares.get(job.id()), taskCounts));
        }
        final Set<String> busyNow = new HashSet<>();
        current.values().forEach(tasks -> tasks.values().forEach(busyNow::addAll));
        final Placement placement = new Placement(peers, peerInfo, busyNow);
        running.forEach(job -> placement.reserve(job.id()));
        // Order matters: tagged tasks first (they can only use some peers), then every other task keeps its
        // peers, then colocated jobs take whole groups from what is free, then the rest is filled.
        placement.keepAll(running, targets, current, true);
        placement.fillAll(running, targets, true);
        placement.keepAll(running, targets, current, false);
        for (final JobSpec job : running) {
            if (job.taskScheduler() == TaskSchedulerKind.COLOCATED) {
                placement.placeColocated(job, current.getOrDefault(job.id(), Map.of()),
                    targets.get(job.id()).values().stream().mapToLong(Long::longValue).min().orElse(0));
            }
        }
        placement.fillAll(running, targets, false);
        return new Plan(shares, targets, placement.placed());
    }

    /** The lowest-priority job given peers with a task below its min-peers, or null when every such job can run. */
    private static String lastStarved(final List<JobSpec> jobs,
                                      final Map<String, Map<String, List<String>>> placed) {
        String starved = null;
        for (final JobSpec job : jobs) {
            final Map<String, List<String>> tasks = placed.get(job.id());
            if (tasks == null) {
                continue;
            }
            for (final TaskSpec task : job.tasks()) {
                if (tasks.getOrDefault(task.name(), List.of()).size() < task.minPeers()) {
                    starved = job.id();
                    break;
                }
            }
        }
        return starved;
    }

    /** Slot ids (kept, or the lowest free), peers in slot order, sticky coordinators, allocation versions. */
    private static Allocations finish(final Replica replica, final Allocations old,
                                      final Map<String, Map<String, List<String>>> placed) {
        final Map<String, Map<String, List<String>>> byJob = new HashMap<>();
        final Map<String, Map<String, Map<String, Integer>>> slotIds = new HashMap<>();
        final Map<String, String> coordinators = new HashMap<>();
        final Map<String, Long> versions = new HashMap<>();
        for (final String job : replica.jobs().active()) {
            final Map<String, List<String>> tasks = placed.get(job);
            final Map<String, List<String>> jobTasks = new HashMap<>();
            final Map<String, Map<String, Integer>> jobSlots = new HashMap<>();
            if (tasks != null) {
                tasks.forEach((task, peers) -> {
                    if (!peers.isEmpty()) {
                        final Map<String, Integer> slots = slots(peers,
                            old.slotIds().getOrDefault(job, Map.of()).getOrDefault(task, Map.of()));
                        final List<String> ordered = new ArrayList<>(peers);
                        ordered.sort(Comparator.comparing(slots::get));
                        jobTasks.put(task, ordered);
                        jobSlots.put(task, slots);
                    }
                });
            }
            if (!jobTasks.isEmpty()) {
                byJob.put(job, jobTasks);
                slotIds.put(job, jobSlots);
                coordinators.put(job, coordinator(old.coordinators().get(job), jobTasks));
            }
            final boolean changed = !jobTasks.equals(old.byJob().getOrDefault(job, Map.of()));
            final Long previous = old.versions().get(job);
            if (changed || previous == null) {
                versions.put(job, replica.version());
            } else {
                versions.put(job, previous);
            }
        }
        return new Allocations(byJob, slotIds, coordinators, versions);
    }

    private static Map<String, Integer> slots(final List<String> peers, final Map<String, Integer> oldSlots) {
        final Map<String, Integer> slots = new HashMap<>();
        final Set<Integer> taken = new HashSet<>();
        for (final String peer : peers) {
            final Integer slot = oldSlots.get(peer);
            if (slot != null) {
                slots.put(peer, slot);
                taken.add(slot);
            }
        }
        int next = 0;
        for (final String peer : peers) {
            if (!slots.containsKey(peer)) {
                while (taken.contains(next)) {
                    next++;
                }
                slots.put(peer, next);
                taken.add(next);
            }
        }
        return slots;
    }

    /** The previous coordinator while it still runs a task of the job, else the lowest peer id of the job. */
    private static String coordinator(final String previous, final Map<String, List<String>> tasks) {
        final List<String> all = new ArrayList<>();
        tasks.values().forEach(all::addAll);
        if (previous != null && all.contains(previous)) {
            return previous;
        }
        return Collections.min(all);
    }

    /** Job → peer count, for tests and tools. */
    public static Map<String, Long> peerCounts(final Allocations allocations) {
        final Map<String, Long> counts = new LinkedHashMap<>();
        allocations.byJob().forEach((job, tasks) ->
            counts.put(job, tasks.values().stream().mapToLong(List::size).sum()));
        return counts;
    }
}
