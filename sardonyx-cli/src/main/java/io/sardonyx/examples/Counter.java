package io.sardonyx.examples;

import io.sardonyx.plugin.InputPlugin;
import io.sardonyx.plugin.PluginContext;
import io.sardonyx.plugin.RatePacer;
import java.util.List;
import java.util.Map;

/**
 * An input plugin named by class ({@code "onyx/plugin": "io.sardonyx.examples.Counter"}): segments
 * {@code {"n": i}} for i from 0 below {@code "counter/count"}, or without end when the key is absent. Peers of
 * the task split the numbers by slot; {@code "counter/rate"} caps how many per second they emit together. The
 * checkpoint is the next number this slot emits.
 */
public final class Counter implements InputPlugin {
    public static final String COUNT = "counter/count";
    public static final String RATE = "counter/rate";

    private long next;
    private long step;
    private long first;
    private long end;
    private RatePacer pacer;

    @Override
    public void start(final PluginContext context) {
        first = context.slot();
        step = context.peers();
        next = first;
        end = context.task().attributes().get(COUNT) instanceof Long count ? count : Long.MAX_VALUE;
        pacer = new RatePacer(context.task().attributes().get(RATE) instanceof Long rate ? Math.max(1, rate / step)
            : 0);
    }

    @Override
    public int poll(final List<Map<String, Object>> out, final int max) {
        final int allowed = pacer.allowed(System.nanoTime(), max);
        int n = 0;
        while (n < allowed && next < end) {
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
        return next >= end;
    }

    @Override
    public void close() {
        next = end;
    }
}
