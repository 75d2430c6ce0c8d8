package io.sardonyx.bench;

import io.sardonyx.client.Peers;
import io.sardonyx.client.JobHandle;
import io.sardonyx.api.JobStatus;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.job.TaskType;
import io.sardonyx.job.Trigger;
import io.sardonyx.job.TriggerKind;
import io.sardonyx.job.Window;
import io.sardonyx.job.WindowType;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * W4, recovery: a running count per key over {@code keys} keys (each segment updates its key's count, which goes
 * out at once), paced, checkpoints every second. Once every key is in the state and a checkpoint or two has
 * passed, a second peer group joins and the group running the job goes away; the time from then to the first
 * output of the job on the new group is the time to processing again (detection, reallocation, reading back the
 * checkpoint with every key, replay). Flink's side stops the TaskManager running its job the same way.
 */
final class Recovery {
    private static final String BENCH = "io.sardonyx.bench.";

    private Recovery() {
    }

    static Job job(final long keys, final long count, final long rate) {
        return Job.builder().chain("in", "count", "out")
            .task(Task.input("in", BENCH + "BenchInput").batchSize(100).nPeers(1).with("bench/count", count)
                .with("bench/rate", rate).with("bench/keys", keys))
            .task(Task.builder("count", TaskType.REDUCE).batchSize(100).nPeers(1).with(Task.GROUP_BY_KEY, "key")
                .with("onyx/flux-policy", "recover"))
            .task(Task.output("out", BENCH + "BenchOutput").batchSize(100).nPeers(1))
            .window(Window.builder("running", "count", WindowType.GLOBAL)
                .aggregation("onyx.windowing.aggregation/count"))
            .trigger(Trigger.builder("each", "running", TriggerKind.SEGMENT).threshold(1)
                .emit(BENCH + "BenchFns::emitCount"))
            .jobConfig("onyx.peer/coordinator-barrier-period-ms", 1_000L)
            .taskScheduler(TaskSchedulerKind.BALANCED).build();
    }

    /**
     * One round: runs the job on a fresh group until every key has been counted and two more seconds have passed,
     * then moves it to a new group and times the way back.
     *
     * @return milliseconds from the group leaving to the job's first output on the new group
     */
    static double round(final Sardonyx sardonyx, final long keys, final long rate) throws Exception {
        final Peers first = sardonyx.startPeers(3);
        final JobHandle job = sardonyx.submit(job(keys, Long.MAX_VALUE / 2, rate));
        await(() -> BenchOutput.RECEIVED.get() >= keys + 2 * rate, "every key counted", job);
        final Peers second = sardonyx.startPeers(3);
        await(() -> sardonyx.cluster().peers().containsAll(second.peerIds()), "the second group joined",
            job);
        final long gone = System.nanoTime();
        first.close();
        BenchOutput.FIRST_NS.set(0);
        BenchOutput.RECEIVED.set(0);
        await(() -> BenchOutput.FIRST_NS.get() > 0, "output from the second group", job);
        final double ms = (BenchOutput.FIRST_NS.get() - gone) / 1e6;
        job.kill();
        second.close();
        return ms;
    }

    private static void await(final java.util.function.BooleanSupplier condition, final String what,
                              final JobHandle job) {
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline || job.status() == JobStatus.KILLED) {
                throw new IllegalStateException("W4: no " + what + " (job " + job.status() + ")");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }
}
