package io.sardonyx.log;

import io.sardonyx.job.FluxPolicy;
import io.sardonyx.job.Fusion;
import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.job.TaskType;
import io.sardonyx.job.Window;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the replica keeps of a submitted job: its tasks in workflow order with their peer bounds, and how its
 * peers are spread. The job's full definition is stored beside the log; the submit entry carries only this.
 *
 * @param id            the job id
 * @param tasks         tasks in topological order
 * @param taskScheduler how the job's peers are spread over its tasks
 * @param percentage    the job's share of the cluster under the percentage job scheduler (0 when not set)
 * @param name          the job's {@code job-name}, or null: a gc keeps the last finished job of each name
 */
public record JobSpec(String id, List<TaskSpec> tasks, TaskSchedulerKind taskScheduler, long percentage,
                      String name) {
    public JobSpec {
        tasks = List.copyOf(tasks);
    }

    /** A spec of a job without a name. */
    public JobSpec(final String id, final List<TaskSpec> tasks, final TaskSchedulerKind taskScheduler,
                   final long percentage) {
        this(id, tasks, taskScheduler, percentage, null);
    }

    /** Derives the spec of a validated job. */
    public static JobSpec of(final String id, final Job job) {
        final List<TaskSpec> tasks = new ArrayList<>();
        for (final String name : Fusion.tasks(job)) {
            final Task task = job.task(name).orElseThrow(
                () -> new IllegalArgumentException("task " + name + " of the workflow is not in the catalog"));
            final boolean windowed = job.windows().stream().map(Window::task).anyMatch(name::equals);
            tasks.add(new TaskSpec(name, task.type(), task.minPeers(), task.maxPeers(), task.fluxPolicy(),
                task.requiredTags(), task.integer(Task.PERCENTAGE, 0), task.grouped(), windowed));
        }
        final long percentage = job.settings().get(Job.PERCENTAGE) instanceof Long p ? p : 0;
        return new JobSpec(id, tasks, job.taskScheduler(), percentage, job.jobName().orElse(null));
    }

    /**
     * The fewest peers the job can run on: the sum of its tasks' min-peers (for a colocated job, whole copies:
     * the number of tasks times the largest min-peers).
     */
    public long minRequiredPeers() {
        if (taskScheduler == TaskSchedulerKind.COLOCATED) {
            long most = 0;
            for (final TaskSpec task : tasks) {
                most = Math.max(most, task.minPeers());
            }
            return most * tasks.size();
        }
        long sum = 0;
        for (final TaskSpec task : tasks) {
            sum += task.minPeers();
        }
        return sum;
    }

    /**
     * The most peers the job can use: the sum of its tasks' max-peers (for a colocated job, whole copies: the
     * number of tasks times the smallest max-peers), saturating at {@link Long#MAX_VALUE}.
     */
    public long saturation() {
        if (taskScheduler == TaskSchedulerKind.COLOCATED) {
            long copies = Long.MAX_VALUE;
            for (final TaskSpec task : tasks) {
                copies = Math.min(copies, task.maxPeers());
            }
            return copies > Long.MAX_VALUE / Math.max(1, tasks.size()) ? Long.MAX_VALUE : copies * tasks.size();
        }
        long sum = 0;
        for (final TaskSpec task : tasks) {
            if (task.maxPeers() == Long.MAX_VALUE || sum > Long.MAX_VALUE - task.maxPeers()) {
                return Long.MAX_VALUE;
            }
            sum += task.maxPeers();
        }
        return sum;
    }

    /** The spec of a task, or null. */
    public TaskSpec task(final String name) {
        for (final TaskSpec task : tasks) {
            if (task.name().equals(name)) {
                return task;
            }
        }
        return null;
    }

    /** The JSON form carried by the submit-job entry. */
    public Map<String, Object> toJson() {
        final List<Object> taskList = new ArrayList<>();
        for (final TaskSpec task : tasks) {
            final Map<String, Object> t = new LinkedHashMap<>();
            t.put("name", task.name());
            t.put("type", task.type().key());
            t.put("min-peers", task.minPeers());
            t.put("max-peers", task.maxPeers());
            if (task.fluxPolicy() != null) {
                t.put("flux-policy", task.fluxPolicy().key());
            }
            t.put("required-tags", task.requiredTags());
            t.put("percentage", task.percentage());
            t.put("grouped", task.grouped());
            t.put("windowed", task.windowed());
            taskList.add(t);
        }
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("tasks", taskList);
        out.put("task-scheduler", taskScheduler.key());
        out.put("percentage", percentage);
        if (name != null) {
            out.put("name", name);
        }
        return out;
    }

    /**
     * Reads the JSON form.
     *
     * @throws IllegalArgumentException naming the key that is missing or mistyped
     */
    public static JobSpec fromJson(final Map<String, Object> json) {
        final JsonArgs args = new JsonArgs("job spec", json);
        final List<TaskSpec> tasks = new ArrayList<>();
        for (final Map<String, Object> t : args.maps("tasks")) {
            final JsonArgs task = new JsonArgs("job spec task", t);
            final TaskType type = TaskType.fromKey(task.string("type"));
            if (type == null) {
                throw new IllegalArgumentException("job spec task: unknown type " + task.string("type"));
            }
            final FluxPolicy flux = FluxPolicy.fromKey(task.optionalString("flux-policy"));
            tasks.add(new TaskSpec(task.string("name"), type, task.longValue("min-peers"),
                task.longValue("max-peers"), flux, task.strings("required-tags"), task.longValue("percentage"),
                task.bool("grouped"), task.bool("windowed")));
        }
        final TaskSchedulerKind scheduler = TaskSchedulerKind.fromKey(args.string("task-scheduler"));
        if (scheduler == null) {
            throw new IllegalArgumentException("job spec: unknown task scheduler " + args.string("task-scheduler"));
        }
        return new JobSpec(args.string("id"), tasks, scheduler, args.longValue("percentage"),
            args.optionalString("name"));
    }
}
