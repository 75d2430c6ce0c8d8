package io.sardonyx.bench;

import io.sardonyx.api.Segments;
import io.sardonyx.plugin.PluginContext;
import java.util.Map;
import java.util.Random;

/**
 * Onyx's benchmark input: segments {@code {"n": i, "data": 100 bytes, "t0": System.nanoTime()}} up to
 * {@code "bench/count"}, at most {@code "bench/rate"} per second when set (for latency at a given load); with
 * {@code "bench/keys"}, also {@code "key": i mod keys} (the recovery workload's state). The payload is the same
 * bytes the Flink side sends.
 */
public final class BenchInput extends CountedInput {
    /** The payload, seeded as the Flink side seeds it. */
    static final byte[] DATA = new byte[100];

    static {
        new Random(7).nextBytes(DATA);
    }

    private long keys;

    @Override
    public void start(final PluginContext context) {
        super.start(context);
        keys = attribute("bench/keys") instanceof Long k ? k : 0;
    }

    @Override
    protected Map<String, Object> make(final long n, final long nowNs) {
        return keys > 0 ? Segments.of("n", n, "data", DATA, "t0", nowNs, "key", n % keys)
            : Segments.of("n", n, "data", DATA, "t0", nowNs);
    }
}
