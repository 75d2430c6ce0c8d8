package io.sardonyx.bench.flink;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * W4 on Flink: a running count per key (keyed ValueState, hashmap backend, checkpoints every second), each update
 * sent on at once. Once every key is counted and two more seconds have passed, a second TaskManager starts and the
 * one running the job is stopped; the time from then to the job's first output again is the recovery time
 * (restart strategy fixed-delay with no delay: Flink's fastest).
 */
final class RecoveryJob {
    private final MiniCluster cluster;
    private final Configuration conf;
    private int running;

    RecoveryJob(final Configuration conf) throws Exception {
        this.conf = conf;
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
            .setNumTaskManagers(1).setNumSlotsPerTaskManager(4).build());
        cluster.start();
    }

    /** One round; milliseconds from the TaskManager stopping to the first output after it. */
    double round(final long keys, final long rate) throws Exception {
        CountingSink.reset();
        final StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(1_000);
        env.fromSequence(0, Long.MAX_VALUE / 2).map(new FlinkBench.Make(rate, keys)).name("in")
            .keyBy(s -> s.key).process(new RunningCount()).name("count")
            .sinkTo(new CountingSink<>()).name("out");
        final org.apache.flink.streaming.api.graph.StreamGraph graph = env.getStreamGraph();
        final JobID id = new JobID();
        graph.setJobId(id);
        cluster.submitJob(graph).get(1, TimeUnit.MINUTES);
        await(() -> CountingSink.RECEIVED.get() >= keys + 2 * rate, "every key counted");
        cluster.startTaskManager();
        final long gone = System.nanoTime();
        cluster.terminateTaskManager(running).get(1, TimeUnit.MINUTES);
        running++;
        CountingSink.reset();
        await(() -> CountingSink.FIRST_NS.get() > 0, "output after the TaskManager stopped");
        final double ms = (CountingSink.FIRST_NS.get() - gone) / 1e6;
        cluster.cancelJob(id).get(1, TimeUnit.MINUTES);
        cluster.requestJobResult(id).get(1, TimeUnit.MINUTES);
        return ms;
    }

    void close() throws Exception {
        cluster.closeAsync().get(1, TimeUnit.MINUTES);
    }

    private static void await(final java.util.function.BooleanSupplier condition, final String what) {
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("W4: no " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    /** The count per key, in keyed state; every update goes out. */
    static final class RunningCount extends KeyedProcessFunction<Long, Seg, Seg> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;

        @Override
        public void open(final OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(final Seg s, final Context context, final Collector<Seg> out) throws Exception {
            final Long before = count.value();
            final long now = before == null ? 1 : before + 1;
            count.update(now);
            out.collect(new Seg(now, null, s.key, s.t, s.t0));
        }
    }
}
