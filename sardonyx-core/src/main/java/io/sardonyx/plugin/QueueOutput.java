package io.sardonyx.plugin;

import io.sardonyx.api.SegmentQueue;
import java.util.List;
import java.util.Map;

/** The {@code queue} output: puts segments on the in-process queue named by {@code "queue/name"}. */
public final class QueueOutput implements OutputPlugin {
    private SegmentQueue queue;
    private int written;

    @Override
    public void start(final PluginContext context) {
        queue = context.resources().queue(context.requireString(QueueInput.NAME));
        written = 0;
    }

    @Override
    public void recover(final Object checkpoint) {
        written = 0;
    }

    @Override
    public boolean write(final List<Map<String, Object>> batch) {
        // Resume a batch the queue could only partly take; the task offers the same batch again.
        while (written < batch.size()) {
            if (!queue.offer(batch.get(written))) {
                return false;
            }
            written++;
        }
        written = 0;
        return true;
    }

    @Override
    public void close() {
        queue = null;
    }
}
