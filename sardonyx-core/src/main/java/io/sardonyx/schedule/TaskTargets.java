package io.sardonyx.schedule;

import io.sardonyx.job.FluxPolicy;
import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.log.JobSpec;
import io.sardonyx.log.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task schedulers: how many of a job's peers each task gets. Every task first gets its min-peers; the rest
 * is spread by the job's task scheduler, never beyond a task's max-peers. A grouped task with flux policy kill or
 * continue that already has peers keeps exactly those: moving a group's key to another peer would split its
 * state.
 */
final class TaskTargets {
    private TaskTargets() {
    }

    /**
     * @param job     the job
     * @param share   the peers the job gets (at least its min-required peers)
     * @param current task → peers it has now
     * @return task name → target peer count, in task order
     */
    static Map<String, Long> targets(final JobSpec job, final long share, final Map<String, Long> current) {
        final Map<String, Long> targets = new LinkedHashMap<>();
        if (job.taskScheduler() == TaskSchedulerKind.COLOCATED) {
            // Whole copies of the job: every task the same count; Placement keeps intact copies and fits new ones
            // to peer groups, so no per-task lock applies.
            long copies = share / job.tasks().size();
            for (final TaskSpec task : job.tasks()) {
                copies = Math.min(copies, task.maxPeers());
            }
            for (final TaskSpec task : job.tasks()) {
                targets.put(task.name(), copies);
            }
            return targets;
        }
        final List<TaskSpec> growable = new ArrayList<>();
        long left = share;
        for (final TaskSpec task : job.tasks()) {
            final long now = current.getOrDefault(task.name(), 0L);
            final long start = locked(task, now) ? now : task.minPeers();
            targets.put(task.name(), start);
            left -= start;
            if (!locked(task, now)) {
                growable.add(task);
            }
        }
        if (left <= 0) {
            return targets;
        }
        switch (job.taskScheduler()) {
            case PERCENTAGE -> {
                for (final TaskSpec task : growable) {
                    final long wanted = Math.min(task.maxPeers(), share * task.percentage() / 100);
                    final long extra = Math.max(0, Math.min(left, wanted - targets.get(task.name())));
                    targets.merge(task.name(), extra, Long::sum);
                    left -= extra;
                }
                WaterFill.fill(growable, left, targets, current, TaskSpec::name, TaskSpec::maxPeers);
            }
            default -> WaterFill.fill(growable, left, targets, current, TaskSpec::name, TaskSpec::maxPeers);
        }
        return targets;
    }

    /**
     * True for a grouped task whose keys are already spread over its current peers and must not move. A task left
     * with fewer than its min-peers cannot go on as it is, so it is placed afresh instead.
     */
    static boolean locked(final TaskSpec task, final long currentPeers) {
        return task.grouped() && currentPeers > 0 && currentPeers >= task.minPeers()
            && (task.fluxPolicy() == FluxPolicy.KILL || task.fluxPolicy() == FluxPolicy.CONTINUE);
    }
}
