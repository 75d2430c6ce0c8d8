package io.sardonyx.bench.flink;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Counts what reaches it and samples the end-to-end latency of every eighth record that carries a send time
 * (one JVM: statics are the simplest way out of a MiniCluster job).
 */
public final class CountingSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    static final AtomicLong RECEIVED = new AtomicLong();
    static final AtomicLong FIRST_NS = new AtomicLong();
    static final long[] LATENCY = new long[1 << 20];
    static final AtomicLong SAMPLES = new AtomicLong();

    static void reset() {
        RECEIVED.set(0);
        FIRST_NS.set(0);
        SAMPLES.set(0);
    }

    /** The latency percentile (0..100) of the samples, in nanoseconds. */
    static double percentile(final double p) {
        final int n = (int) Math.min(SAMPLES.get(), LATENCY.length);
        if (n == 0) {
            return Double.NaN;
        }
        final long[] sorted = Arrays.copyOf(LATENCY, n);
        Arrays.sort(sorted);
        return sorted[(int) Math.min(n - 1, Math.floor(p / 100.0 * n))];
    }

    @Override
    public SinkWriter<T> createWriter(final WriterInitContext context) {
        return new SinkWriter<>() {
            private long seen;

            @Override
            public void write(final T element, final Context context) {
                final long now = System.nanoTime();
                if (RECEIVED.getAndIncrement() == 0) {
                    FIRST_NS.set(now);
                }
                if ((seen++ & 7) == 0 && element instanceof Seg s && s.t0 > 0) {
                    final long i = SAMPLES.getAndIncrement();
                    if (i < LATENCY.length) {
                        LATENCY[(int) i] = now - s.t0;
                    }
                }
            }

            @Override
            public void flush(final boolean endOfInput) {
                // Nothing buffered.
            }

            @Override
            public void close() {
                // Nothing held.
            }
        };
    }
}
