package io.sardonyx.bench;

import io.sardonyx.plugin.InputPlugin;
import io.sardonyx.plugin.PluginContext;
import io.sardonyx.plugin.RatePacer;
import java.util.List;
import java.util.Map;

/**
 * A benchmark input: segments made from their number n, from 0 up to {@code "bench/count"} (split over the task's
 * peers), at most {@code "bench/rate"} a second when set; the checkpoint is the next n.
 */
public abstract class CountedInput implements InputPlugin {
    private long next;
    private long count;
    private RatePacer pacer = new RatePacer(0);
    private Map<String, Object> attributes = Map.of();

    /** The segment numbered n, read at {@code nowNs} (System.nanoTime of the poll). */
    protected abstract Map<String, Object> make(long n, long nowNs);

    /** A task attribute, for what subclasses read at start. */
    protected final Object attribute(final String key) {
        return attributes.get(key);
    }

    @Override
    public void start(final PluginContext context) {
        attributes = context.task().attributes();
        count = (Long) attributes.get("bench/count") / context.peers();
        pacer = new RatePacer(attributes.get("bench/rate") instanceof Long rate ? rate / context.peers() : 0);
    }

    @Override
    public int poll(final List<Map<String, Object>> out, final int max) {
        final long now = System.nanoTime();
        final int n = (int) Math.min(pacer.allowed(now, max), count - next);
        for (int i = 0; i < n; i++) {
            out.add(make(next++, now));
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
