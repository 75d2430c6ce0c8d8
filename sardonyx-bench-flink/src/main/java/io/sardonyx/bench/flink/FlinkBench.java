package io.sardonyx.bench.flink;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * One benchmark workload on Flink 2.3 in this JVM (MiniCluster, parallelism 1 per operator), for a number of rounds;
 * each round prints one {@code RESULT {...}} line the harness reads. Usage: {@code FlinkBench WORKLOAD COUNT ROUNDS
 * [RATE]}; workloads W1 (chained), W1x (chaining off), W1L (W1 paced at RATE a second, for latency), W2 and W2r (a
 * keyed 1-second event-time window count over 10,000 keys, checkpoints every second, hashmap or RocksDB state),
 * W3 (Yahoo-style, {@link YsbJob}), W4 (recovery, {@link RecoveryJob}: COUNT keys at RATE a second), W5 (submit to
 * first record).
 */
public final class FlinkBench {
    private static final byte[] DATA = new byte[100];
    private static final java.io.PrintStream OUT = new java.io.PrintStream(
        new java.io.FileOutputStream(java.io.FileDescriptor.out), true, java.nio.charset.StandardCharsets.UTF_8);

    private FlinkBench() {
    }

    public static void main(final String[] args) {
        try {
            run(args);
        } catch (final Exception e) {
            // Flink's threads would keep the JVM alive: say what failed and leave.
            OUT.println("flink bench failed: " + e);
            e.printStackTrace(OUT);
            System.exit(1);
        }
    }

    private static void run(final String[] args) throws Exception {
        final String workload = args[0];
        final long count = Long.parseLong(args[1]);
        final int rounds = Integer.parseInt(args[2]);
        final long rate = args.length > 3 ? Long.parseLong(args[3]) : 0;
        new java.util.Random(7).nextBytes(DATA);
        if ("W4".equals(workload)) {
            final RecoveryJob recovery = new RecoveryJob(configuration(workload));
            for (int round = 0; round < rounds; round++) {
                final double ms = recovery.round(count, rate);
                OUT.printf(Locale.ROOT, "RESULT {\"system\":\"flink\",\"workload\":\"W4\",\"round\":%d,"
                    + "\"segments\":%d,\"seconds\":0,\"throughput\":0,\"firstMs\":%.1f}%n", round, count, ms);
            }
            recovery.close();
            System.exit(0);
        }
        for (int round = 0; round < rounds; round++) {
            CountingSink.reset();
            final StreamExecutionEnvironment env = environment(workload);
            build(env, workload, count, rate);
            final long start = System.nanoTime();
            final JobClient job = env.executeAsync("bench-" + workload);
            job.getJobExecutionResult().get(10, TimeUnit.MINUTES);
            final long end = System.nanoTime();
            final double seconds = (end - start) / 1e9;
            final double firstMs = (CountingSink.FIRST_NS.get() - start) / 1e6;
            OUT.printf(Locale.ROOT, "RESULT {\"system\":\"flink\",\"workload\":\"%s\",\"round\":%d,"
                    + "\"segments\":%d,\"received\":%d,\"seconds\":%.3f,\"throughput\":%.1f,\"p50Ms\":%.4f,"
                    + "\"p99Ms\":%.4f,\"firstMs\":%.1f}%n", workload, round, count, CountingSink.RECEIVED.get(),
                seconds, count / seconds, CountingSink.percentile(50) / 1e6, CountingSink.percentile(99) / 1e6,
                firstMs);
        }
        System.exit(0);
    }

    private static Configuration configuration(final String workload) {
        final Configuration conf = new Configuration();
        conf.setString("rest.bind-port", "0");
        conf.setString("taskmanager.numberOfTaskSlots", "8");
        if (stateful(workload)) {
            conf.setString("state.backend.type", "W2r".equals(workload) ? "rocksdb" : "hashmap");
            conf.setString("execution.checkpointing.dir", "file://" + System.getProperty("java.io.tmpdir")
                + "/sardonyx-bench-flink-checkpoints");
            // Restart at once after a failure (the default backs off exponentially from one second).
            conf.setString("restart-strategy.type", "fixed-delay");
            conf.setString("restart-strategy.fixed-delay.attempts", "100");
            conf.setString("restart-strategy.fixed-delay.delay", "0 ms");
        }
        return conf;
    }

    private static boolean stateful(final String workload) {
        return workload.startsWith("W2") || "W3".equals(workload) || "W4".equals(workload);
    }

    private static StreamExecutionEnvironment environment(final String workload) {
        final StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
            configuration(workload));
        env.setParallelism(1);
        if ("W1x".equals(workload)) {
            env.disableOperatorChaining();
        }
        if (stateful(workload)) {
            env.enableCheckpointing(1_000);
        }
        return env;
    }

    private static void build(final StreamExecutionEnvironment env, final String workload, final long count,
                              final long rate) {
        if ("W3".equals(workload)) {
            YsbJob.build(env, count);
            return;
        }
        DataStream<Seg> segments = env.fromSequence(0, count - 1).map(new Make(rate, 10_000)).name("in");
        if (workload.startsWith("W2")) {
            segments.assignTimestampsAndWatermarks(WatermarkStrategy.<Seg>forMonotonousTimestamps()
                    .withTimestampAssigner((s, ts) -> s.t))
                .keyBy(s -> s.key)
                .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                .aggregate(new Count<>())
                .sinkTo(new CountingSink<>()).name("out");
            return;
        }
        for (int i = 1; i <= 4; i++) {
            segments = segments.map(new Inc()).name("inc" + i);
        }
        segments.sinkTo(new CountingSink<>()).name("out");
    }

    /**
     * The generator: the same segment the Sardonyx side reads ({@code key = n mod keys}, event time one millisecond
     * every 1,000); paced when a rate is given, counting from this instance's start (so a restart paces anew).
     */
    static final class Make implements MapFunction<Long, Seg> {
        private static final long serialVersionUID = 1L;
        private final long rate;
        private final long keys;
        private transient long startNs;
        private transient long made;

        Make(final long rate, final long keys) {
            this.rate = rate;
            this.keys = keys;
        }

        @Override
        public Seg map(final Long n) {
            if (rate > 0) {
                final long now = System.nanoTime();
                if (startNs == 0) {
                    startNs = now;
                }
                final long due = startNs + made++ * 1_000_000_000L / rate;
                if (due > now) {
                    LockSupport.parkNanos(due - now);
                }
            }
            return new Seg(n, DATA, n % keys, n / 1_000, System.nanoTime());
        }
    }

    /** inc: n + 1, a new segment as the Sardonyx function makes a new map. */
    static final class Inc implements MapFunction<Seg, Seg> {
        private static final long serialVersionUID = 1L;

        @Override
        public Seg map(final Seg s) {
            return new Seg(s.n + 1, s.data, s.key, s.t, s.t0);
        }
    }

    /** A count per key and window. */
    static final class Count<T> implements AggregateFunction<T, Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(final T value, final Long accumulator) {
            return accumulator + 1;
        }

        @Override
        public Long getResult(final Long accumulator) {
            return accumulator;
        }

        @Override
        public Long merge(final Long a, final Long b) {
            return a + b;
        }
    }
}
