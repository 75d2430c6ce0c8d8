package io.sardonyx.bench;

import io.sardonyx.client.Engine;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.job.Fusion;
import io.sardonyx.job.Job;
import io.sardonyx.job.JobBuilder;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.messaging.MessagingSettings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Onyx's benchmark job (in → inc ×4 → out, {@code {n, data: 100 bytes}}, one peer per task): throughput in one
 * JVM (short-circuit, and serialised over Aeron UDP loopback), across two JVMs over UDP, and end-to-end and batch
 * latency at half the one-JVM throughput.
 */
final class RuntimeBench {
    private static final String BENCH = "io.sardonyx.bench.";
    private final PrintStream out;
    private final boolean quick;

    RuntimeBench(final PrintStream out, final boolean quick) {
        this.out = out;
        this.quick = quick;
    }

    static Job job(final long count, final long rate, final boolean tagged) {
        return job(count, rate, tagged, 0, !tagged);
    }

    /**
     * @param barrierPeriodMs the job's checkpoint period (0: the cluster's default)
     * @param fuse            false keeps every task on a peer of its own (every hop a real one)
     */
    static Job job(final long count, final long rate, final boolean tagged, final long barrierPeriodMs,
                   final boolean fuse) {
        final Task.Builder in = Task.input("in", BENCH + "BenchInput").batchSize(100).nPeers(1)
            .with("bench/count", count);
        final Task.Builder outTask = Task.output("out", BENCH + "BenchOutput").batchSize(100).nPeers(1);
        if (rate > 0) {
            in.with("bench/rate", rate);
        }
        if (tagged) {
            in.requiredTags("main");
            outTask.requiredTags("main");
        }
        final JobBuilder job = Job.builder().chain("in", "inc1", "inc2", "inc3", "inc4", "out").task(in).task(outTask)
            .taskScheduler(TaskSchedulerKind.BALANCED);
        if (barrierPeriodMs > 0) {
            job.jobConfig("onyx.peer/coordinator-barrier-period-ms", barrierPeriodMs);
        }
        if (!fuse) {
            job.jobConfig(Fusion.JOB_CONFIG_KEY, false);
        }
        for (int i = 1; i <= 4; i++) {
            job.task(Task.function("inc" + i, BENCH + "BenchFns::inc").batchSize(100).nPeers(1));
        }
        return job.build();
    }

    void run() throws Exception {
        final long count = quick ? 300_000 : 2_000_000;
        final int rounds = quick ? 2 : 4;
        out.printf(Locale.ROOT, "runtime: Onyx's benchmark job, in -> inc x4 -> out, 100-byte payload, batch 100, "
            + "one peer per task, %,d segments per round, median of %d rounds after a warm-up%n", count, rounds - 1);
        double oneJvm;
        try (Sardonyx sardonyx = Sardonyx.builder().build()) {
            sardonyx.startPeers(6);
            // Alternate the two settings round by round, so warm-up and machine noise fall on both alike; rounds of
            // several seconds, so the serial checkpoint at the end of a round does not pass for throughput.
            final List<Double> every = new ArrayList<>();
            final List<Double> rare = new ArrayList<>();
            final List<Double> apart = new ArrayList<>();
            final long longRound = quick ? count : 5 * count;
            for (int round = 0; round < rounds; round++) {
                every.add(throughput(sardonyx, longRound, 1, false, 0, true));
                rare.add(throughput(sardonyx, longRound, 1, false, 3_600_000, true));
                apart.add(throughput(sardonyx, longRound, 1, false, 0, false));
            }
            oneJvm = median(every.subList(1, every.size()));
            final double without = median(rare.subList(1, rare.size()));
            out.printf(Locale.ROOT, "  one JVM, fused                  %,12.0f segments/s (in -> inc x4 -> out on one "
                + "peer; checkpoint every 1 s)%n", oneJvm);
            out.printf(Locale.ROOT, "  one JVM, short-circuit          %,12.0f segments/s (every task on a peer of its "
                + "own)%n", median(apart.subList(1, apart.size())));
            out.printf(Locale.ROOT, "  one JVM, fused                  %,12.0f segments/s (only the first and last "
                + "checkpoints); checkpoint overhead %s%n", without, quick ? "not measured in quick mode (rounds too "
                + "short and cold)" : String.format(Locale.ROOT, "%.1f%%", 100.0 * (without - oneJvm) / without));
            latency(sardonyx, (long) (oneJvm / 2), quick ? 3 : 10);
        }
        try (Sardonyx sardonyx = Sardonyx.builder()
            .messaging(MessagingSettings.DEFAULT.withShortCircuit(false)).build()) {
            sardonyx.startPeers(6);
            out.printf(Locale.ROOT, "  one JVM, serialised (Aeron IPC) %,12.0f segments/s (every task on a peer of its "
                + "own)%n",
                throughput(sardonyx, count, rounds, false, 0, false));
        }
        // Frames between groups unsigned, then signed with a tenancy secret (a MAC on every UDP frame), alternated
        // cluster by cluster so the cost of the MAC is measured on the same warm machine.
        final List<Double> plain = new ArrayList<>();
        final List<Double> signed = new ArrayList<>();
        for (int pass = 0; pass < (quick ? 1 : 2); pass++) {
            plain.add(twoJvms(count, rounds, false));
            signed.add(twoJvms(count, rounds, true));
        }
        final double udp = median(plain);
        final double mac = median(signed);
        out.printf(Locale.ROOT, "  two JVMs, Aeron UDP             %,12.0f segments/s%n", udp);
        out.printf(Locale.ROOT, "  two JVMs, Aeron UDP, signed     %,12.0f segments/s (tenancy secret: HMAC-SHA-256 on "
            + "every frame between groups; %+.1f%%)%n", mac, 100.0 * (mac - udp) / udp);
    }

    /** A second JVM of 3 peers beside 3 here, every hop between them over UDP; the median throughput. */
    private double twoJvms(final long count, final int rounds, final boolean sealed) throws Exception {
        final Sardonyx.Builder builder = Sardonyx.builder();
        if (sealed) {
            builder.secret(BENCH_SECRET);
        }
        try (Sardonyx sardonyx = builder.build()) {
            final Process child = startChild(sardonyx.zookeeper(), sealed);
            try {
                sardonyx.startPeers(3, "main");
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (sardonyx.cluster().peers().size() < 6) {
                    if (System.nanoTime() > deadline || !child.isAlive()) {
                        throw new IllegalStateException("the second JVM's peers did not join");
                    }
                    TimeUnit.MILLISECONDS.sleep(50);
                }
                return throughput(sardonyx, count, rounds, true, 0, false);
            } finally {
                child.destroy();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The secret both JVMs of the signed case share (a benchmark's, not a real tenancy's). */
    private static final byte[] BENCH_SECRET = "sardonyx benchmark tenancy secret".getBytes(
        java.nio.charset.StandardCharsets.US_ASCII);

    private static double median(final List<Double> values) {
        final List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }

    /** The median throughput of the rounds after the first (a warm-up); with one round, that round's. */
    @SuppressWarnings("checkstyle:ParameterNumber")
    private double throughput(final Sardonyx sardonyx, final long count, final int rounds, final boolean tagged,
                              final long barrierPeriodMs, final boolean fuse) throws Exception {
        final List<Double> results = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            final long start = System.nanoTime();
            final JobOutcome outcome = sardonyx.submit(job(count, 0, tagged, barrierPeriodMs, fuse))
                .await(Duration.ofMinutes(10));
            final long elapsed = System.nanoTime() - start;
            if (!outcome.completed()) {
                throw new IllegalStateException("the benchmark job was killed: " + outcome.reason());
            }
            if (round > 0 || rounds == 1) {
                results.add(count / (elapsed / 1e9));
            }
        }
        results.sort(Double::compare);
        return results.get(results.size() / 2);
    }

    private void latency(final Sardonyx sardonyx, final long rate, final int seconds) throws Exception {
        BenchOutput.LATENCY.clear();
        final JobHandle job = sardonyx.submit(job(rate * seconds, rate, false));
        final JobOutcome outcome = job.await(Duration.ofMinutes(5));
        if (!outcome.completed()) {
            throw new IllegalStateException("the latency job was killed: " + outcome.reason());
        }
        double batchP50 = 0;
        double batchP99 = 0;
        for (final Timer timer : Engine.of(sardonyx).meters().find("sardonyx.task.batch.latency").tag("job", job.id())
            .timers()) {
            for (final ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
                if (v.percentile() == 0.5) {
                    batchP50 = Math.max(batchP50, v.value(TimeUnit.MICROSECONDS));
                } else if (v.percentile() == 0.99) {
                    batchP99 = Math.max(batchP99, v.value(TimeUnit.MICROSECONDS));
                }
            }
        }
        out.printf(Locale.ROOT, "  latency at %,d segments/s (half load), %d s: end to end p50 %.2f ms, p99 %.2f ms;"
                + " batch (slowest task) p50 %.0f us, p99 %.0f us%n", rate, seconds,
            BenchOutput.LATENCY.percentile(50) / 1e6, BenchOutput.LATENCY.percentile(99) / 1e6, batchP50, batchP99);
    }

    private static Process startChild(final String zookeeper, final boolean sealed) throws Exception {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Path log = Files.createTempFile("sardonyx-bench-peers", ".log");
        return new ProcessBuilder(java, "-Xmx2g", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), Bench.class.getName(), "peers", zookeeper, "3",
            sealed ? "sealed" : "plain")
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The second JVM: a peer group of {@code n} peers that runs until killed. */
    static void peers(final String zookeeper, final int n, final boolean sealed) throws InterruptedException {
        final Sardonyx.Builder builder = Sardonyx.builder().zookeeper(zookeeper);
        if (sealed) {
            builder.secret(BENCH_SECRET);
        }
        final Sardonyx sardonyx = builder.build();
        sardonyx.startPeers(n);
        Runtime.getRuntime().addShutdownHook(new Thread(sardonyx::close));
        Thread.currentThread().join();
    }
}
