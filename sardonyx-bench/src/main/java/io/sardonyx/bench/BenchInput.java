package io.sardonyx.bench;

import io.sardonyx.plugin.InputPlugin;
import io.sardonyx.plugin.PluginContext;
import io.sardonyx.plugin.RatePacer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Onyx's benchmark input: segments {@code {"n": i, "data": 100 random bytes, "t0": System.nanoTime()}} up to
 * {@code "bench/count"}, at most {@code "bench/rate"} per second when set (for latency at a given load).
 */
public final class BenchInput implements InputPlugin {
    private final byte[] data = new byte[100];
    private long next;
    private long count;
    private RatePacer pacer = new RatePacer(0);

    @Override
    public void start(final PluginContext context) {
        count = (Long) context.task().attributes().get("bench/count") / context.peers();
        pacer = new RatePacer(context.task().attributes().get("bench/rate") instanceof Long rate
            ? rate / context.peers() : 0);
        ThreadLocalRandom.current().nextBytes(data);
    }

    @Override
    public int poll(final List<Map<String, Object>> out, final int max) {
        final long now = System.nanoTime();
        final int n = (int) Math.min(pacer.allowed(now, max), count - next);
        for (int i = 0; i < n; i++) {
            out.add(Map.of("n", next++, "data", data, "t0", now));
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
        return next >= count;
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
