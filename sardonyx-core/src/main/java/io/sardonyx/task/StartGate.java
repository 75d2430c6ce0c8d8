package io.sardonyx.task;

import io.sardonyx.job.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Onyx's start-task? gate: asks the task's lifecycles whether it may start, backing off between asks while they say
 * no; once they say yes, runs before-task-start and resolves the task's function with the core params the hooks left
 * in the event. Task thread only.
 */
final class StartGate {
    private final TaskServices services;
    private final Task task;
    private final Lifecycles lifecycles;
    private final Map<String, Object> event;
    private long retryAtNs;

    StartGate(final TaskServices services, final Task task, final Lifecycles lifecycles,
              final Map<String, Object> event) {
        this.services = services;
        this.task = task;
        this.lifecycles = lifecycles;
        this.event = event;
    }

    /**
     * The task's function once it may start; null while it waits (asked too recently, or told no).
     *
     * @throws Exception what a hook threw, or a {@link io.sardonyx.usercode.UserCodeException} when the function
     *                   cannot be resolved
     */
    TaskFunction open(final long nowNs) throws Exception {
        if (nowNs < retryAtNs) {
            return null;
        }
        if (!lifecycles.startTask(event)) {
            retryAtNs = nowNs + TimeUnit.MILLISECONDS.toNanos(services.settings().startBackOffMs());
            return null;
        }
        lifecycles.run(Lifecycles.BEFORE_TASK_START, event);
        final List<Object> coreParams = event.get("onyx.core/params") instanceof List<?> l
            ? new ArrayList<>(l) : List.of();
        return TaskFunction.of(task, coreParams, services.code());
    }
}
