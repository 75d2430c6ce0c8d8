package io.sardonyx.bench;

import io.sardonyx.plugin.OutputPlugin;
import io.sardonyx.plugin.PluginContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Onyx's benchmark output: counts segments and samples their end-to-end latency (now minus the {@code "t0"} the
 * input stamped; System.nanoTime is one clock for every process of a Linux machine). Results are JVM-wide
 * statics read by the benchmark.
 */
public final class BenchOutput implements OutputPlugin {
    static final AtomicLong RECEIVED = new AtomicLong();
    static final AtomicLong LAST_NS = new AtomicLong();
    static final AtomicLong FIRST_NS = new AtomicLong();
    static final LatencySample LATENCY = new LatencySample(1 << 20);

    @Override
    public void start(final PluginContext context) {
        // Nothing to open.
    }

    @Override
    public boolean write(final List<Map<String, Object>> batch) {
        final long now = System.nanoTime();
        for (int i = 0; i < batch.size(); i += 8) {
            if (batch.get(i).get("t0") instanceof Long t0) {
                LATENCY.add(now - t0);
            }
        }
        if (RECEIVED.getAndAdd(batch.size()) == 0) {
            FIRST_NS.compareAndSet(0, now);
        }
        LAST_NS.set(now);
        return true;
    }

    @Override
    public void close() {
        // Nothing held.
    }

    /** A bounded, thread-safe sample of latencies in nanoseconds. */
    static final class LatencySample {
        private final long[] values;
        private int size;

        LatencySample(final int capacity) {
            values = new long[capacity];
        }

        synchronized void add(final long value) {
            if (size < values.length) {
                values[size++] = value;
            }
        }

        synchronized void clear() {
            size = 0;
        }

        /** The percentile (0-100) in nanoseconds, or -1 when empty. */
        synchronized long percentile(final double p) {
            if (size == 0) {
                return -1;
            }
            final long[] sorted = java.util.Arrays.copyOf(values, size);
            java.util.Arrays.sort(sorted);
            return sorted[(int) Math.min(size - 1, Math.ceil(p / 100.0 * size) - 1 < 0 ? 0
                : Math.ceil(p / 100.0 * size) - 1)];
        }
    }
}
