package io.sardonyx.job;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job: plain, immutable data. The workflow is a DAG of task names; the catalog says what each task is; flow
 * conditions, lifecycles, windows and triggers refine it; the settings hold the job-level keys (task scheduler,
 * metadata, job name, job config, resume point, percentage) as written.
 *
 * <p>{@link #fromJson}/{@link #toJson} round-trip exactly: {@code Job.fromJson(job.toJson()).equals(job)}, and
 * reading a file then writing it loses no key and changes no value. A job read this way is well-formed but not
 * yet validated: run {@link JobValidator} before submitting it.
 *
 * @param workflow       the edges, in file order
 * @param catalog        one entry per task
 * @param flowConditions routing rules, in evaluation order
 * @param lifecycles     hooks, in call order
 * @param windows        windows over task input
 * @param triggers       triggers on those windows
 * @param settings       the other job-level keys, by their JSON names
 */
public record Job(List<Edge> workflow, List<Task> catalog, List<FlowCondition> flowConditions,
                  List<Lifecycle> lifecycles, List<Window> windows, List<Trigger> triggers,
                  Map<String, Object> settings) {
    public static final String WORKFLOW = "workflow";
    /** The job-config key choosing where window state lives. */
    public static final String STATE_STORE_IMPL = "onyx.peer/state-store-impl";
    /** The state stores a job or task may choose. */
    public static final java.util.List<String> STATE_STORES = java.util.List.of("memory", "rocksdb");
    public static final String CATALOG = "catalog";
    public static final String FLOW_CONDITIONS = "flow-conditions";
    public static final String LIFECYCLES = "lifecycles";
    public static final String WINDOWS = "windows";
    public static final String TRIGGERS = "triggers";
    public static final String TASK_SCHEDULER = "task-scheduler";
    public static final String PERCENTAGE = "percentage";
    public static final String JOB_NAME = "job-name";
    public static final String METADATA = "metadata";
    public static final String JOB_CONFIG = "job-config";
    public static final String RESUME_POINT = "resume-point";

    /** The job-level keys that live in {@link #settings}, in the order {@link #toJson} writes them. */
    public static final List<String> SETTINGS_KEYS =
        List.of(TASK_SCHEDULER, PERCENTAGE, JOB_NAME, METADATA, JOB_CONFIG, RESUME_POINT);
    /** Every top-level key, in the order {@link #toJson} writes them. */
    public static final List<String> KEYS = List.of(WORKFLOW, CATALOG, FLOW_CONDITIONS, LIFECYCLES, WINDOWS,
        TRIGGERS, TASK_SCHEDULER, PERCENTAGE, JOB_NAME, METADATA, JOB_CONFIG, RESUME_POINT);

    public Job {
        workflow = List.copyOf(workflow);
        catalog = List.copyOf(catalog);
        flowConditions = List.copyOf(flowConditions);
        lifecycles = List.copyOf(lifecycles);
        windows = List.copyOf(windows);
        triggers = List.copyOf(triggers);
        settings = JsonValues.freezeMap(settings, "job settings");
        for (final String key : settings.keySet()) {
            if (!SETTINGS_KEYS.contains(key)) {
                throw new IllegalArgumentException("\"" + key + "\" is not a job setting; settings are "
                    + SETTINGS_KEYS);
            }
        }
    }

    /** Starts a builder. */
    public static JobBuilder builder() {
        return new JobBuilder();
    }

    /**
     * Reads a job from JSON text.
     *
     * @throws InvalidJobException naming every structural mistake (not JSON, unknown key, wrong shapes)
     */
    public static Job fromJson(final String json) {
        return JobJson.read("job", json);
    }

    /** Writes the job as JSON text, keys in canonical order, empty optional sections left out. */
    public String toJson() {
        return JobJson.write(this);
    }

    /** The catalog entry of a task, if any. */
    public Optional<Task> task(final String name) {
        for (final Task task : catalog) {
            if (name.equals(task.name())) {
                return Optional.of(task);
            }
        }
        return Optional.empty();
    }

    /** The task scheduler, balanced when the job names none. */
    public TaskSchedulerKind taskScheduler() {
        final TaskSchedulerKind kind = TaskSchedulerKind.fromKey(settings.get(TASK_SCHEDULER));
        return kind == null ? TaskSchedulerKind.BALANCED : kind;
    }

    /** The job name, which keeps a history of job ids across redeploys, if any. */
    public Optional<String> jobName() {
        return settings.get(JOB_NAME) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** The job's metadata map (empty when absent). */
    public Map<String, Object> metadata() {
        return map(METADATA);
    }

    /** Per-job overrides of peer settings (empty when absent). */
    public Map<String, Object> jobConfig() {
        return map(JOB_CONFIG);
    }

    /** The number of key groups the job's state is split into ({@value KeyGroups#JOB_CONFIG_KEY}). */
    public int keyGroups() {
        return jobConfig().get(KeyGroups.JOB_CONFIG_KEY) instanceof Long n && n > 0 && n <= KeyGroups.MAX
            ? n.intValue() : KeyGroups.DEFAULT;
    }

    /** State to restore from earlier jobs, by task (empty when absent). */
    public Map<String, Object> resumePoint() {
        return map(RESUME_POINT);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(final String key) {
        return settings.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
