package io.sardonyx.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Job} in Java. It produces exactly the data the equivalent JSON file does, so
 * {@code builder...build().equals(Job.fromJson(file))}. The builder checks nothing: run {@link JobValidator}.
 */
public final class JobBuilder {
    private final List<Edge> workflow = new ArrayList<>();
    private final List<Task> catalog = new ArrayList<>();
    private final List<FlowCondition> flowConditions = new ArrayList<>();
    private final List<Lifecycle> lifecycles = new ArrayList<>();
    private final List<Window> windows = new ArrayList<>();
    private final List<Trigger> triggers = new ArrayList<>();
    private final Map<String, Object> settings = new LinkedHashMap<>();

    JobBuilder() {
    }

    /** Adds one edge. */
    public JobBuilder edge(final String from, final String to) {
        workflow.add(new Edge(from, to));
        return this;
    }

    /** Adds the edges of a chain: {@code chain("in", "inc", "out")} adds in→inc and inc→out. */
    public JobBuilder chain(final String... tasks) {
        for (int i = 0; i + 1 < tasks.length; i++) {
            edge(tasks[i], tasks[i + 1]);
        }
        return this;
    }

    public JobBuilder task(final Task task) {
        catalog.add(task);
        return this;
    }

    public JobBuilder task(final Task.Builder task) {
        return task(task.build());
    }

    public JobBuilder flowCondition(final FlowCondition.Builder condition) {
        flowConditions.add(condition.build());
        return this;
    }

    public JobBuilder lifecycle(final Lifecycle.Builder lifecycle) {
        lifecycles.add(lifecycle.build());
        return this;
    }

    public JobBuilder window(final Window.Builder window) {
        windows.add(window.build());
        return this;
    }

    public JobBuilder window(final Window window) {
        windows.add(window);
        return this;
    }

    public JobBuilder trigger(final Trigger trigger) {
        triggers.add(trigger);
        return this;
    }

    public JobBuilder trigger(final Trigger.Builder trigger) {
        triggers.add(trigger.build());
        return this;
    }

    public JobBuilder taskScheduler(final TaskSchedulerKind kind) {
        settings.put(Job.TASK_SCHEDULER, kind.key());
        return this;
    }

    public JobBuilder percentage(final long percentage) {
        settings.put(Job.PERCENTAGE, percentage);
        return this;
    }

    public JobBuilder jobName(final String name) {
        settings.put(Job.JOB_NAME, name);
        return this;
    }

    /** Adds a metadata entry ({@code "job-id"} makes submission idempotent). */
    public JobBuilder metadata(final String key, final Object value) {
        return putInMap(Job.METADATA, key, value);
    }

    /** Adds a per-job override of a peer setting, e.g. {@code "onyx.peer/coordinator-barrier-period-ms"}. */
    public JobBuilder jobConfig(final String key, final Object value) {
        return putInMap(Job.JOB_CONFIG, key, value);
    }

    public JobBuilder resumePoint(final Map<String, Object> resumePoint) {
        settings.put(Job.RESUME_POINT, resumePoint);
        return this;
    }

    @SuppressWarnings("unchecked")
    private JobBuilder putInMap(final String setting, final String key, final Object value) {
        ((Map<String, Object>) settings.computeIfAbsent(setting, k -> new LinkedHashMap<String, Object>()))
            .put(key, value);
        return this;
    }

    /** Builds the immutable job; the builder may be reused. */
    public Job build() {
        return new Job(workflow, catalog, flowConditions, lifecycles, windows, triggers, settings);
    }
}
