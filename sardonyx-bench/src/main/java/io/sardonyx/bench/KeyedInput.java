package io.sardonyx.bench;

import io.sardonyx.plugin.PluginContext;
import java.util.Map;

/**
 * The window benchmark's input: {@code {"key": n mod keys, "t": n / events-per-ms, "v": n mod 500}} for n below
 * {@code "bench/count"}: event time advances one millisecond every {@code "bench/events-per-ms"} segments, in order.
 */
public final class KeyedInput extends CountedInput {
    private long keys;
    private long perMs;

    @Override
    public void start(final PluginContext context) {
        super.start(context);
        keys = (Long) attribute("bench/keys");
        perMs = (Long) attribute("bench/events-per-ms");
    }

    @Override
    protected Map<String, Object> make(final long n, final long nowNs) {
        return Map.of("key", n % keys, "t", n / perMs, "v", n % 500);
    }

    /** Event time of a segment, for onyx/assign-watermark-fn. */
    public static long time(final Map<String, Object> segment) {
        return (Long) segment.get("t");
    }
}
