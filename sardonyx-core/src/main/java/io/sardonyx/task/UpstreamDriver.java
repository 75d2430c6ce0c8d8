package io.sardonyx.task;

import io.sardonyx.messaging.Frame;
import java.util.List;
import java.util.Map;

/**
 * A task fed by upstream peers: takes their segments into batches, fires window timers, and aligns each epoch's
 * barrier across every sender ({@link BarrierAligner}) before it fires what the barrier's watermark closes, forwards
 * the barrier, and snapshots.
 */
final class UpstreamDriver extends TaskDriver {
    private final BarrierAligner aligner = new BarrierAligner();
    /** The output is the task's own (an output task), not a fused one: its state is the task's. */
    private final boolean ownOutput;

    UpstreamDriver(final Parts p) {
        super(p);
        this.ownOutput = outputTask == task;
    }

    @Override
    void restart(final TaskAttempt attempt) throws Exception {
        aligner.reset(attempt.where.layout().sourcesOf(attempt.where.taskIndex()));
        super.restart(attempt);
    }

    @Override
    int run(final TaskAttempt attempt, final long nowNs) throws Exception {
        if (windows != null && snapshots.recovered() && windows.hasTimers()
            && !pipeline.windowed(attempt, w -> w.onTime(services.epochMillis()))) {
            return 1;
        }
        if (!pipeline.batch().isEmpty()) {
            pipeline.process(attempt, nowNs);
            return 1;
        }
        return aligner.aligned() ? passBarrier(attempt) : 0;
    }

    private int passBarrier(final TaskAttempt attempt) throws Exception {
        if (!recovered(attempt, aligner.payload())) {
            return 0;
        }
        final long epoch = aligner.epoch();
        final boolean completed = aligner.allCompleted();
        final List<Map<String, Object>> payload = aligner.payload();
        final long watermark = aligner.watermark();
        aligner.next();
        if (windows != null) {
            // What the barrier's watermark (or the job's end) fires belongs to this epoch: it goes out before it.
            final long nowMs = services.epochMillis();
            if (!pipeline.windowed(attempt, w -> w.onWatermark(watermark, nowMs))
                || completed && !pipeline.windowed(attempt, w -> w.onJobCompleted(nowMs))) {
                return 1;
            }
        }
        forward(attempt, epoch, completed, BarrierPayload.withWatermark(payload, watermark));
        final boolean sealing = attempt.terminal() && completed;
        if (sealing && output != null) {
            output.seal();
        }
        final Object out = output == null ? null : output.checkpoint(epoch);
        final Object state = TaskSnapshots.state(windows, ownOutput ? out : null);
        if (sealing) {
            snapshots.finalSnapshot(epoch, attempt.where, state, out);
        } else {
            snapshots.snapshot(epoch, attempt.where, state, out);
        }
        pipeline.flush();
        return 1;
    }

    @Override
    boolean onSegments(final Frame frame) {
        if (!aligner.expects(frame.source())) {
            metrics.dropped();
            return true;
        }
        if (aligner.blocked(frame.source()) || pipeline.full()) {
            return false;
        }
        pipeline.batch().addAll(frame.segments());
        return true;
    }

    @Override
    boolean onBarrier(final Frame frame) {
        if (!aligner.expects(frame.source()) || frame.epoch() <= aligner.lastAligned()) {
            return true;
        }
        if (frame.epoch() > aligner.lastAligned() + 1) {
            jumped(frame);
            return true;
        }
        if (aligner.blocked(frame.source())) {
            return false;
        }
        aligner.onBarrier(frame.source(), frame.epoch(), frame.has(Frame.COMPLETED), frame.segments());
        return true;
    }

    @Override
    void close() {
        TaskParts.close(null, output, windows);
    }
}
