package io.sardonyx.plugin;

import io.sardonyx.api.SegmentQueue;
import java.util.List;
import java.util.Map;

/**
 * The {@code queue} input: takes segments from the in-process queue named by {@code "queue/name"}; completed when
 * the queue is closed and empty. A queue cannot be rewound, so the checkpoint is only how many were read.
 */
public final class QueueInput implements InputPlugin {
    public static final String NAME = "queue/name";

    private SegmentQueue queue;
    private long read;

    @Override
    public void start(final PluginContext context) {
        queue = context.resources().queue(context.requireString(NAME));
    }

    @Override
    public int poll(final List<Map<String, Object>> out, final int max) {
        final int n = queue.drainTo(out, max);
        read += n;
        return n;
    }

    @Override
    public Object checkpoint() {
        return read;
    }

    @Override
    public void recover(final Object checkpoint) {
        read = checkpoint instanceof Number n ? n.longValue() : 0;
    }

    @Override
    public boolean completed() {
        return queue.closed() && queue.isEmpty();
    }

    @Override
    public void close() {
        queue = null;
    }
}
