package io.sardonyx.bench;

import io.sardonyx.client.JobOutcome;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.job.Job;
import io.sardonyx.messaging.MessagingSettings;
import io.sardonyx.state.StateStores;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * One side-by-side workload on Sardonyx in this JVM for a number of rounds, each printing a {@code RESULT {...}}
 * line the harness reads (the same fields as the Flink side). Workloads: W1 (Onyx's benchmark job, peers of one
 * group short-circuited), W1x (the same with every frame serialised over UDP, as Flink with chaining off), W1L (W1
 * paced at a rate, for latency), W2 and W2r (the grouped 1-second window count over 10,000 keys with checkpoints
 * every second, memory or RocksDB state), W3 (Yahoo-style filter, projection and 10-second count per campaign),
 * W4 (time back to processing after the group holding 1,000,000 keys of state goes; COUNT is the keys, RATE the
 * pace) and W5 (submit to first output).
 */
final class ChildRun {
    private final PrintStream out;

    ChildRun(final PrintStream out) {
        this.out = out;
    }

    void run(final String workload, final long count, final int rounds, final long rate) throws Exception {
        final Sardonyx.Builder builder = Sardonyx.builder();
        if ("W1x".equals(workload)) {
            builder.messaging(MessagingSettings.DEFAULT.withShortCircuit(false));
        }
        try (Sardonyx sardonyx = builder.build()) {
            if ("W4".equals(workload)) {
                for (int round = 0; round < rounds; round++) {
                    BenchOutput.RECEIVED.set(0);
                    final double ms = Recovery.round(sardonyx, count, rate);
                    out.printf(Locale.ROOT, "RESULT {\"system\":\"sardonyx\",\"workload\":\"W4\",\"round\":%d,"
                        + "\"segments\":%d,\"seconds\":0,\"throughput\":0,\"firstMs\":%.1f}%n", round, count, ms);
                }
                return;
            }
            sardonyx.startPeers(workload.startsWith("W2") || "W3".equals(workload) ? 3 : 6);
            for (int round = 0; round < rounds; round++) {
                final Job job = switch (workload) {
                    case "W3" -> Ysb.job(count);
                    case "W2" -> WindowBench.job(count, 10_000, StateStores.MEMORY);
                    case "W2r" -> WindowBench.job(count, 10_000, StateStores.ROCKSDB);
                    case "W1L" -> RuntimeBench.job(count, rate, false);
                    case "W1x" -> RuntimeBench.job(count, 0, false, 0, false);
                    default -> RuntimeBench.job(count, 0, false);
                };
                BenchOutput.RECEIVED.set(0);
                BenchOutput.FIRST_NS.set(0);
                BenchOutput.LATENCY.clear();
                final long start = System.nanoTime();
                final JobOutcome outcome = sardonyx.submit(job).await(Duration.ofMinutes(10));
                final long end = System.nanoTime();
                if (!outcome.completed()) {
                    throw new IllegalStateException(workload + " was killed: " + outcome.reason());
                }
                final double seconds = (end - start) / 1e9;
                out.printf(Locale.ROOT, "RESULT {\"system\":\"sardonyx\",\"workload\":\"%s\",\"round\":%d,"
                        + "\"segments\":%d,\"received\":%d,\"seconds\":%.3f,\"throughput\":%.1f,\"p50Ms\":%.4f,"
                        + "\"p99Ms\":%.4f,\"firstMs\":%.1f}%n", workload, round, count, BenchOutput.RECEIVED.get(),
                    seconds, count / seconds, BenchOutput.LATENCY.percentile(50) / 1e6,
                    BenchOutput.LATENCY.percentile(99) / 1e6, (BenchOutput.FIRST_NS.get() - start) / 1e6);
            }
        }
    }
}
