package io.sardonyx.job;

import java.util.Map;

/**
 * A lifecycle: a class of {@link io.sardonyx.api.LifecycleCalls hooks} run at fixed points of a task's life,
 * for one task or {@code "all"}.
 *
 * @param attributes the lifecycle's {@code lifecycle/*} keys, and any keys its calls read
 */
public record Lifecycle(Map<String, Object> attributes) implements JobEntry {
    public static final String TASK = "lifecycle/task";
    public static final String CALLS = "lifecycle/calls";
    public static final String DOC = "lifecycle/doc";
    /** {@code lifecycle/task} value meaning every task of the job. */
    public static final String ALL = "all";

    public Lifecycle {
        attributes = JsonValues.freezeMap(attributes, "lifecycle");
    }

    /** The task name, or {@code "all"}. */
    public String task() {
        return get(TASK) instanceof String s ? s : null;
    }

    /** The class implementing the calls. */
    public String calls() {
        return get(CALLS) instanceof String s ? s : null;
    }

    /** Starts a lifecycle of the given task running the given calls class. */
    public static Builder of(final String task, final String callsClass) {
        return new Builder().with(TASK, task).with(CALLS, callsClass);
    }

    /** Fluent builder. */
    public static final class Builder extends EntryBuilder<Builder, Lifecycle> {
        Builder() {
            super(Lifecycle::new);
        }

        @Override
        public Builder doc(final String doc) {
            return with(DOC, doc);
        }
    }
}
