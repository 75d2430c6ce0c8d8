package io.sardonyx.job;

/** How a job's peers are spread over its tasks ({@code "task-scheduler"}). */
public enum TaskSchedulerKind {
    /** Round-robin over the tasks in workflow order, within each task's peer bounds. */
    BALANCED("balanced"),
    /** Each task gets its {@code onyx/percentage} of the job's peers. */
    PERCENTAGE("percentage"),
    /** Whole copies of the job on one peer group at a time, so data stays on one machine. */
    COLOCATED("colocated");

    /** The namespace Onyx gives the schedulers. */
    public static final String NAMESPACE = "onyx.task-scheduler/";
    private final String shortName;

    TaskSchedulerKind(final String shortName) {
        this.shortName = shortName;
    }

    /** Onyx's full name, as the builder writes it. */
    public String key() {
        return NAMESPACE + shortName;
    }

    /** The scheduler a job names ({@code "onyx.task-scheduler/balanced"} or {@code "balanced"}), or null. */
    public static TaskSchedulerKind fromKey(final Object value) {
        if (!(value instanceof String s)) {
            return null;
        }
        final String bare = s.startsWith(NAMESPACE) ? s.substring(NAMESPACE.length()) : s;
        for (final TaskSchedulerKind kind : values()) {
            if (kind.shortName.equals(bare)) {
                return kind;
            }
        }
        return null;
    }
}
