package io.sardonyx.task;

import io.sardonyx.messaging.Frame;
import io.sardonyx.messaging.Outbox;
import io.sardonyx.plugin.OutputPlugin;
import java.util.List;
import java.util.Map;

/**
 * What a task has yet to write, in order: its output plugin's batch, then frames on their routes. What a receiver or
 * the plugin refuses (back pressure) stays, to be offered again. Owned by the task's thread.
 */
final class TaskWriter {
    private final SendQueue sends = new SendQueue();
    private final TaskMetrics metrics;
    private OutputPlugin output;
    private List<Map<String, Object>> batch;

    TaskWriter(final TaskMetrics metrics) {
        this.metrics = metrics;
    }

    /** The task's output plugin (its own, or a fused output's), or null. */
    void output(final OutputPlugin plugin) {
        this.output = plugin;
    }

    void queue(final Outbox to, final Frame frame) {
        sends.add(to, frame);
    }

    /** The batch the output plugin writes next. */
    void write(final List<Map<String, Object>> results) {
        batch = results;
    }

    /** Forgets everything pending. */
    void clear() {
        sends.clear();
        batch = null;
    }

    /**
     * Writes what is pending, in order.
     *
     * @return true when all is written; false while something is refused (back pressure)
     * @throws Exception what the output plugin or a route threw (what it was writing is then forgotten)
     */
    boolean flush() throws Exception {
        if (batch != null) {
            final boolean written;
            try {
                written = output.write(batch);
            } catch (final Exception e) {
                batch = null;
                throw e;
            }
            if (!written) {
                metrics.backPressured();
                return false;
            }
            batch = null;
        }
        if (!sends.send()) {
            metrics.backPressured();
            return false;
        }
        return true;
    }
}
