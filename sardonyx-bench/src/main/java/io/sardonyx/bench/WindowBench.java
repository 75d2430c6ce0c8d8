package io.sardonyx.bench;

import io.sardonyx.client.JobOutcome;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.checkpoint.BlobKey;
import io.sardonyx.checkpoint.DirectoryCheckpointStorage;
import io.sardonyx.checkpoint.StateCodec;
import io.sardonyx.flow.GroupKey;
import io.sardonyx.job.Job;
import io.sardonyx.job.PackagePolicy;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.job.TaskType;
import io.sardonyx.job.Trigger;
import io.sardonyx.job.TriggerKind;
import io.sardonyx.job.Window;
import io.sardonyx.job.WindowType;
import io.sardonyx.job.WindowUnit;
import io.sardonyx.state.StateStores;
import io.sardonyx.usercode.UserCode;
import io.sardonyx.window.WindowExecutor;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Windows: a grouped 1-second fixed-window count over 10,000 keys with checkpoints every second (memory and RocksDB
 * stores), then a task peer's checkpoint at 1,000,000 keys (snapshot, encode, write to disk with fsync, restore)
 * and the heap each key takes in the memory store.
 */
final class WindowBench {
    private static final String BENCH = "io.sardonyx.bench.";
    private static final long KEYS = 10_000;
    private final PrintStream out;
    private final boolean quick;

    WindowBench(final PrintStream out, final boolean quick) {
        this.out = out;
        this.quick = quick;
    }

    static Job job(final long count, final long keys, final String store) {
        return Job.builder().chain("in", "count", "out")
            .task(Task.input("in", BENCH + "KeyedInput").batchSize(100).nPeers(1).with("bench/count", count)
                .with("bench/keys", keys).with("bench/events-per-ms", 1_000L)
                .with(Task.ASSIGN_WATERMARK_FN, BENCH + "KeyedInput::time"))
            .task(Task.builder("count", TaskType.REDUCE).batchSize(100).nPeers(1).with(Task.GROUP_BY_KEY, "key")
                .with("onyx/flux-policy", "recover").with(Task.STATE_STORE, store))
            .task(Task.output("out", BENCH + "BenchOutput").batchSize(100).nPeers(1))
            .window(Window.builder("per-second", "count", WindowType.FIXED)
                .aggregation("onyx.windowing.aggregation/count").windowKey("t").range(1, WindowUnit.SECONDS))
            .trigger(Trigger.builder("watermark", "per-second", TriggerKind.WATERMARK)
                .emit(BENCH + "BenchFns::emitCount").evictAll())
            .jobConfig("onyx.peer/coordinator-barrier-period-ms", 1_000L)
            .taskScheduler(TaskSchedulerKind.BALANCED).build();
    }

    void run() throws Exception {
        final long count = quick ? 500_000 : 5_000_000;
        final int rounds = quick ? 2 : 4;
        out.printf(Locale.ROOT, "windows: grouped 1-second fixed-window count over %,d keys (event time: 1,000,000 "
            + "segments a second), watermark trigger, checkpoint every 1 s, one peer per task, %,d segments per round, "
            + "median of %d rounds after a warm-up%n", KEYS, count, rounds - 1);
        try (Sardonyx sardonyx = Sardonyx.builder().build()) {
            sardonyx.startPeers(3);
            for (final String store : StateStores.NAMES) {
                final List<Double> rates = new ArrayList<>();
                long fired = 0;
                for (int round = 0; round < rounds; round++) {
                    final long before = BenchOutput.RECEIVED.get();
                    final long start = System.nanoTime();
                    final JobOutcome outcome = sardonyx.submit(job(count, KEYS, store)).await(Duration.ofMinutes(10));
                    final long elapsed = System.nanoTime() - start;
                    if (!outcome.completed()) {
                        throw new IllegalStateException("the window job was killed: " + outcome.reason());
                    }
                    fired = BenchOutput.RECEIVED.get() - before;
                    if (round > 0) {
                        rates.add(count / (elapsed / 1e9));
                    }
                }
                rates.sort(Double::compare);
                out.printf(Locale.ROOT, "  %-8s store %,12.0f segments/s (%,d key-seconds fired per round, expected "
                    + "%,d)%n", store, rates.get(rates.size() / 2), fired, KEYS * ((count + 999_999) / 1_000_000));
            }
        }
        checkpointAtAMillionKeys();
    }

    private void checkpointAtAMillionKeys() throws Exception {
        final int keys = 1_000_000;
        final Job job = job(keys, keys, StateStores.MEMORY);
        final UserCode code = new UserCode(WindowBench.class.getClassLoader(), PackagePolicy.ANY);
        final Task task = job.task("count").orElseThrow();
        final Path scratch = Files.createTempDirectory("sardonyx-window-bench");
        final DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(scratch.resolve("checkpoints"),
            "bench");
        for (final String store : StateStores.NAMES) {
            final long heapBefore = usedHeap();
            final WindowExecutor executor = WindowExecutor.of(job, "count", GroupKey.of(task, code), code,
                n -> StateStores.open(store, n, scratch.resolve("state")));
            final long fillStart = System.nanoTime();
            final List<Map<String, Object>> batch = new ArrayList<>(1_000);
            for (long k = 0; k < keys; k++) {
                batch.add(Map.of("key", k, "t", 0L, "v", k % 500));
                if (batch.size() == 1_000) {
                    executor.apply(batch, 0);
                    batch.clear();
                }
            }
            final double fillMs = (System.nanoTime() - fillStart) / 1e6;
            final long heapAfter = usedHeap();
            final long start = System.nanoTime();
            final byte[] bytes = StateCodec.encode(executor.snapshot());
            final long encoded = System.nanoTime();
            storage.write(new BlobKey("bench", 1, 1, "count", 0), bytes);
            final long written = System.nanoTime();
            final WindowExecutor restored = WindowExecutor.of(job, "count", GroupKey.of(task, code), code,
                n -> StateStores.open(store, n, scratch.resolve("state")));
            final long restoreStart = System.nanoTime();
            restored.restore(StateCodec.decode(storage.read(new BlobKey("bench", 1, 1, "count", 0))));
            final long restoredAt = System.nanoTime();
            out.printf(Locale.ROOT, "  checkpoint at %,d keys, %-8s store: snapshot+encode %,.0f ms, write+fsync %,.0f "
                    + "ms, %,.1f MB (%,.0f bytes a key); read+restore %,.0f ms; filling took %,.0f ms%s%n", keys, store,
                (encoded - start) / 1e6, (written - encoded) / 1e6, bytes.length / 1e6, (double) bytes.length / keys,
                (restoredAt - restoreStart) / 1e6, fillMs, StateStores.MEMORY.equals(store)
                    ? String.format(Locale.ROOT, "; heap %,.0f bytes a key", (double) (heapAfter - heapBefore) / keys)
                    : "");
            executor.close();
            restored.close();
        }
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
