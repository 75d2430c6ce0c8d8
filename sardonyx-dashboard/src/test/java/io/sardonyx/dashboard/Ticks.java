package io.sardonyx.dashboard;

import io.sardonyx.plugin.InputPlugin;
import io.sardonyx.plugin.PluginContext;
import io.sardonyx.plugin.RatePacer;
import java.util.List;
import java.util.Map;

/** A test input: {@code {"n": i}} for i below {@code "ticks/count"} (none: no end), {@code "ticks/rate"} a second. */
public final class Ticks implements InputPlugin {
    private long next;
    private long end;
    private RatePacer pacer;

    @Override
    public void start(final PluginContext context) {
        final Map<String, Object> task = context.task().attributes();
        end = task.get("ticks/count") instanceof Long n ? n : Long.MAX_VALUE;
        pacer = new RatePacer((Long) task.get("ticks/rate"));
    }

    @Override
    public int poll(final List<Map<String, Object>> out, final int max) {
        final int n = (int) Math.min(pacer.allowed(System.nanoTime(), max), end - next);
        for (int i = 0; i < n; i++) {
            out.add(Map.of("n", next++));
        }
        pacer.emitted(n);
        return n;
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
        return next >= end;
    }

    @Override
    public void close() {
        // Nothing held.
    }

    /** The ticks jobs' function (fused into the input): marks each segment. */
    public static java.util.Map<String, Object> stamp(final java.util.Map<String, Object> segment) {
        final java.util.Map<String, Object> out = new java.util.HashMap<>(segment);
        out.put("stamped", true);
        return out;
    }
}
