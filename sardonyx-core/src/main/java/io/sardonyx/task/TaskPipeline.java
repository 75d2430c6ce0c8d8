package io.sardonyx.task;

import io.sardonyx.job.Task;
import io.sardonyx.job.TaskType;
import io.sardonyx.messaging.Frame;
import io.sardonyx.messaging.Outbox;
import io.sardonyx.window.WindowExecutor;
import io.sardonyx.usercode.UserCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A task's batches: the lifecycle hooks around each, the function over it, the windows over its results, and what it
 * produced queued for downstream peers or the output plugin, in order; a batch closes once all of it is written. A
 * failure goes to the task's {@link TaskStops}. Owned by the task's thread.
 */
final class TaskPipeline {
    static final String ASSIGN_WINDOWS = "assign-windows";

    private final TaskServices services;
    private final Task task;
    private final Map<String, Object> event;
    private final Lifecycles lifecycles;
    private final WindowExecutor windows;
    private final boolean writesOutput;
    private final TaskMetrics metrics;
    private final TaskWriter writer;
    private final TaskStops stops;
    private final List<Map<String, Object>> batch = new ArrayList<>();
    private boolean open;
    private long startNs;

    /**
     * @param event the task's event map, which the hooks see
     * @param parts the task's hooks, its windows (or null) and the output plugin its results are written to (its own,
     *              a fused one, or null)
     */
    TaskPipeline(final TaskServices services, final Task task, final Map<String, Object> event, final TaskParts parts,
                 final TaskMetrics metrics, final TaskStops stops) {
        this.services = services;
        this.task = task;
        this.event = event;
        this.lifecycles = parts.lifecycles;
        this.windows = parts.windows;
        this.writesOutput = parts.output != null;
        this.metrics = metrics;
        this.stops = stops;
        this.writer = new TaskWriter(metrics);
        writer.output(parts.output);
    }

    /** The batch being gathered: a driver adds what it reads. */
    List<Map<String, Object>> batch() {
        return batch;
    }

    /** True when the batch being gathered is full. */
    boolean full() {
        return batch.size() >= task.batchSize();
    }

    /** Runs the function over the batch and queues what it produced; the batch closes once all is sent. */
    void process(final TaskAttempt attempt, final long now) {
        startNs = now;
        open = true;
        final List<Map<String, Object>> in = List.copyOf(batch);
        batch.clear();
        metrics.read(in.size());
        event.put("onyx.core/batch", in);
        if (!hook(Lifecycles.BEFORE_BATCH) || !hook(Lifecycles.AFTER_READ_BATCH)) {
            return;
        }
        final BatchApplier.Output applied = guarded(Lifecycles.APPLY_FN, () -> attempt.applier.apply(in));
        if (applied == null) {
            return;
        }
        final List<Map<String, Object>> results = applied.results;
        if (!attempt.terminal() && task.type() != TaskType.REDUCE) {
            // A reduce task's segments only feed its windows; what leaves it is what its triggers emit.
            applied.queue(writer, attempt);
            metrics.written(results.size());
        }
        if (windows != null && !windowed(attempt, w -> w.apply(results, services.epochMillis()))) {
            return;
        }
        event.put("onyx.core/results", results);
        if (!hook(Lifecycles.AFTER_APPLY_FN)) {
            return;
        }
        if (writesOutput) {
            writer.write(results);
            metrics.written(results.size());
        }
        flush();
    }

    /** Closes the batch once all of it is written (after-batch); 0 when none is open. */
    int closeBatch(final long now) {
        if (!open) {
            return 0;
        }
        open = false;
        event.remove("onyx.core/results");
        if (hook(Lifecycles.AFTER_BATCH)) {
            metrics.batchDone(now - startNs);
        }
        return 1;
    }

    /** Runs a step of the windows and routes what the triggers emitted; false when it failed (the task stops). */
    boolean windowed(final TaskAttempt attempt, final Function<WindowExecutor, List<Map<String, Object>>> step) {
        return guarded(ASSIGN_WINDOWS, () -> {
            final List<Map<String, Object>> emitted = step.apply(windows);
            if (!emitted.isEmpty() && !attempt.terminal()) {
                attempt.applier.route(emitted).queue(writer, attempt);
                metrics.written(emitted.size());
            }
            return Boolean.TRUE;
        }) != null;
    }

    void queue(final Outbox to, final Frame frame) {
        writer.queue(to, frame);
    }

    /** Writes what is pending, in order; false while something is refused (back pressure) or failed. */
    boolean flush() {
        try {
            return writer.flush();
        } catch (final Exception e) {
            stops.failed(Lifecycles.WRITE_BATCH, e);
            return false;
        }
    }

    /** Forgets the batch and everything pending: a new attempt starts, or the task stopped. */
    void clear() {
        batch.clear();
        writer.clear();
        open = false;
    }

    /** Runs a lifecycle hook; false when it threw (the task stops). */
    boolean hook(final String phase) {
        return guarded(phase, () -> {
            lifecycles.run(phase, event);
            return Boolean.TRUE;
        }) != null;
    }

    /** Runs a step of a batch under the one boundary around user code: null when it threw (the task stops). */
    private <T> T guarded(final String phase, final UserCalls.Body<T> step) {
        return UserCalls.guarded(phase, step, (failed, t) -> {
            stops.failed(failed, t);
            return null;
        });
    }
}
