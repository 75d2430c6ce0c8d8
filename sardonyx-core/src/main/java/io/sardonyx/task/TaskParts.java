package io.sardonyx.task;

import io.sardonyx.flow.GroupKey;
import io.sardonyx.job.FunctionKind;
import io.sardonyx.job.Fusion;
import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskType;
import io.sardonyx.log.TaskRef;
import io.sardonyx.plugin.InputPlugin;
import io.sardonyx.plugin.OutputPlugin;
import io.sardonyx.plugin.Plugins;
import io.sardonyx.state.StateStores;
import io.sardonyx.window.WindowExecutor;
import io.sardonyx.usercode.UserCalls;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;

/**
 * What a task runs, resolved from the job once when it starts: its lifecycle hooks, its plugin, its windows over
 * their state store, and an input's watermark function.
 */
final class TaskParts {
    final Lifecycles lifecycles;
    final InputPlugin input;
    final OutputPlugin output;
    /** The catalog entry the output plugin is made from and started with: the task's own, or its fused output's. */
    final Task outputTask;
    final WindowExecutor windows;
    final Watermark watermark;

    private TaskParts(final Lifecycles lifecycles, final InputPlugin input, final OutputPlugin output,
                      final Task outputTask, final WindowExecutor windows, final Watermark watermark) {
        this.lifecycles = lifecycles;
        this.input = input;
        this.output = output;
        this.outputTask = outputTask;
        this.windows = windows;
        this.watermark = watermark;
    }

    /**
     * Resolves a task's parts; what was opened is closed again when a later part fails.
     *
     * @throws RuntimeException naming what could not be resolved
     */
    static TaskParts resolve(final Job job, final Task task, final TaskRef ref, final TaskServices services,
                             final String peer, final TaskMetrics metrics) {
        final Lifecycles lifecycles = Lifecycles.of(job, ref.task(), services.code());
        final InputPlugin input = task.type() == TaskType.INPUT ? Plugins.input(task, services.code()) : null;
        final Task outputTask = task.type() == TaskType.OUTPUT ? task : Fusion.fusedOutput(task);
        final OutputPlugin output = outputTask == null ? null : Plugins.output(outputTask, services.code());
        final MethodHandle fn = input != null && input.ownsWatermark() ? null : task.string(Task.ASSIGN_WATERMARK_FN)
            .map(r -> services.code().method(r, FunctionKind.WATERMARK_FN, 1, List.of())).orElse(null);
        final String store = StateStores.kind(job, task);
        final WindowExecutor windows = WindowExecutor.of(job, ref.task(), GroupKey.of(task, services.code()),
            services.code(), n -> StateStores.open(store, n, services.settings().stateDirectory().resolve(peer)));
        if (windows != null) {
            metrics.windows(windows, ref, peer);
        }
        return new TaskParts(lifecycles, input, output, outputTask, windows, new Watermark(fn));
    }

    /** Closes what a task opened (any may be null). */
    static void close(final InputPlugin input, final OutputPlugin output, final WindowExecutor windows) {
        if (input != null) {
            input.close();
        }
        if (output != null) {
            output.close();
        }
        if (windows != null) {
            windows.close();
        }
    }

    /**
     * An input task's watermark: the highest event time its {@code onyx/assign-watermark-fn} has returned, or what
     * its plugin reports, whichever is higher.
     */
    static final class Watermark {
        private final MethodHandle fn;
        private long highest = Long.MIN_VALUE;

        Watermark(final MethodHandle fn) {
            this.fn = fn;
        }

        /** Reads the event times of the segments from {@code from} on. */
        void observe(final List<Map<String, Object>> batch, final int from) throws Exception {
            if (fn == null) {
                return;
            }
            for (int i = from; i < batch.size(); i++) {
                final Object time = UserCalls.call(fn, batch.get(i));
                highest = Math.max(highest, (Long) time);
            }
        }

        long value(final InputPlugin input) {
            return Math.max(highest, input.watermark());
        }

        void reset() {
            highest = Long.MIN_VALUE;
        }
    }
}
