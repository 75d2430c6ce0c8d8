package io.sardonyx.task;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.sardonyx.log.TaskRef;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one task on one peer, tagged with job, task and peer: segments in and out, batches and their
 * latency (read to written), refused sends (back pressure) and dropped stale frames. Updated once per batch, not
 * per segment.
 */
public final class TaskMetrics {
    private static final java.util.Map<List<Object>,
        java.util.concurrent.atomic.AtomicReference<io.sardonyx.window.WindowExecutor>> WINDOW_METERS =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Counter in;
    private final Counter out;
    private final Counter backPressure;
    private final Counter dropped;
    private final Timer batches;
    private final List<Meter> meters;

    public TaskMetrics(final MeterRegistry registry, final TaskRef ref, final String peer) {
        this.registry = registry;
        final Tags tags = Tags.of("job", ref.job(), "task", ref.task(), "peer", peer);
        this.in = Counter.builder("sardonyx.task.segments.in").tags(tags)
            .description("segments read by the task").register(registry);
        this.out = Counter.builder("sardonyx.task.segments.out").tags(tags)
            .description("segments the task wrote downstream or to its output").register(registry);
        this.backPressure = Counter.builder("sardonyx.task.back.pressure").tags(tags)
            .description("sends refused because the receiver was full or not connected").register(registry);
        this.dropped = Counter.builder("sardonyx.task.frames.dropped").tags(tags)
            .description("frames dropped as stale (another job or an older allocation)").register(registry);
        this.batches = Timer.builder("sardonyx.task.batch.latency").tags(tags)
            .description("time from a batch read to its results sent")
            .publishPercentiles(0.5, 0.99)
            .distributionStatisticExpiry(Duration.ofMinutes(1))
            .register(registry);
        this.meters = List.of(in, out, backPressure, dropped, batches);
    }

    /**
     * Gauges of a windowed task: its watermark, late segments and fired extents. A task that starts again on the
     * same peer (a restart) finds its meters registered: they follow the new executor through the holder.
     */
    void windows(final io.sardonyx.window.WindowExecutor windows, final TaskRef ref, final String peer) {
        final Tags tags = Tags.of("job", ref.job(), "task", ref.task(), "peer", peer);
        WINDOW_METERS.computeIfAbsent(List.of(System.identityHashCode(registry), ref.job(), ref.task(), peer), k -> {
            final java.util.concurrent.atomic.AtomicReference<io.sardonyx.window.WindowExecutor> holder =
                new java.util.concurrent.atomic.AtomicReference<>();
            io.micrometer.core.instrument.Gauge.builder("sardonyx.window.watermark", holder,
                    h -> h.get() == null || h.get().watermark() == Long.MIN_VALUE ? Double.NaN : h.get().watermark())
                .tags(tags).strongReference(true)
                .description("the task's watermark (epoch ms): the event time its inputs have reached")
                .register(registry);
            io.micrometer.core.instrument.FunctionCounter.builder("sardonyx.window.late.segments", holder,
                    h -> h.get() == null ? 0 : h.get().lateSegments()).tags(tags)
                .description("segments that came after the watermark passed their extents").register(registry);
            io.micrometer.core.instrument.FunctionCounter.builder("sardonyx.window.fired.extents", holder,
                    h -> h.get() == null ? 0 : h.get().firedExtents()).tags(tags)
                .description("extents fired by the task's triggers").register(registry);
            return holder;
        }).set(windows);
    }

    void read(final int segments) {
        in.increment(segments);
    }

    void written(final int segments) {
        out.increment(segments);
    }

    void backPressured() {
        backPressure.increment();
    }

    void dropped() {
        dropped.increment();
    }

    void batchDone(final long nanos) {
        batches.record(nanos, TimeUnit.NANOSECONDS);
    }

    public double segmentsIn() {
        return in.count();
    }

    public double segmentsOut() {
        return out.count();
    }

    /** Removes this task's meters (they are kept after the task stops, so a job's totals stay readable). */
    public void remove() {
        meters.forEach(registry::remove);
    }
}
