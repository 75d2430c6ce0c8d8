package io.sardonyx.bench;

import io.sardonyx.plugin.InputPlugin;
import io.sardonyx.plugin.PluginContext;
import java.util.List;
import java.util.Map;

/**
 * The window benchmark's input: {@code {"key": n mod keys, "t": n / events-per-ms, "v": n mod 500}} for n below
 * {@code "bench/count"}: event time advances one millisecond every {@code "bench/events-per-ms"} segments, in order.
 */
public final class KeyedInput implements InputPlugin {
    private long next;
    private long count;
    private long keys;
    private long perMs;

    @Override
    public void start(final PluginContext context) {
        final Map<String, Object> task = context.task().attributes();
        count = (Long) task.get("bench/count");
        keys = (Long) task.get("bench/keys");
        perMs = (Long) task.get("bench/events-per-ms");
    }

    @Override
    public int poll(final List<Map<String, Object>> out, final int max) {
        final int n = (int) Math.min(max, count - next);
        for (int i = 0; i < n; i++) {
            out.add(Map.of("key", next % keys, "t", next / perMs, "v", next % 500));
            next++;
        }
        return n;
    }

    /** Event time of a segment, for onyx/assign-watermark-fn. */
    public static long time(final Map<String, Object> segment) {
        return (Long) segment.get("t");
    }

    @Override
    public Object checkpoint() {
        return next;
    }

    @Override
    public void recover(final Object checkpoint) {
        next = checkpoint instanceof Long position ? position : 0;
    }

    @Override
    public boolean completed() {
        return next >= count;
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
