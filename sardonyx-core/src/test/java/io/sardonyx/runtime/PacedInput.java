package io.sardonyx.runtime;

import io.sardonyx.plugin.InputPlugin;
import io.sardonyx.plugin.PluginContext;
import io.sardonyx.plugin.RatePacer;
import java.util.List;
import java.util.Map;

/**
 * A test input: {@code {"n": i}} for i below {@code "paced/count"}, at most {@code "paced/rate"} per second, so a
 * job lives long enough to take checkpoints. Its checkpoint is the next number; peers split numbers by slot.
 */
public final class PacedInput implements InputPlugin {
    private long next;
    private long first;
    private long step;
    private long count;
    private RatePacer pacer;

    @Override
    public void start(final PluginContext context) {
        first = context.slot();
        step = context.peers();
        count = (Long) context.task().attributes().get("paced/count");
        pacer = new RatePacer((Long) context.task().attributes().get("paced/rate") / context.peers());
        next = first;
    }

    @Override
    public int poll(final List<Map<String, Object>> out, final int max) {
        final int allowed = pacer.allowed(System.nanoTime(), max);
        int n = 0;
        while (n < allowed && next < count) {
            out.add(Map.of("n", next));
            next += step;
            n++;
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
        next = checkpoint instanceof Long position ? position : first;
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
