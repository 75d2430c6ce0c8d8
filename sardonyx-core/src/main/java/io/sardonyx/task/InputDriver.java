package io.sardonyx.task;

import io.sardonyx.messaging.Frame;
import io.sardonyx.messaging.FrameType;
import io.sardonyx.plugin.InputPlugin;
import java.util.List;
import java.util.Map;

/**
 * An input task's side: reads its plugin into batches (natural batching, {@link InputReader}), reports once that the
 * input ran out, and passes the coordinator's barrier on after the batch read before it, sealing a fused output when
 * the input is done. Nothing is read before a version's first barrier says which checkpoint to resume from.
 */
final class InputDriver extends TaskDriver {
    private final InputPlugin input;
    private final InputReader reader;

    InputDriver(final Parts p) {
        super(p);
        this.input = p.parts().input;
        this.reader = new InputReader(input, p.parts().watermark, p.task());
    }

    @Override
    void restart(final TaskAttempt attempt) throws Exception {
        reader.reset();
        input.close();
        input.start(context(attempt, task));
        super.restart(attempt);
    }

    @Override
    int run(final TaskAttempt attempt, final long nowNs) throws Exception {
        final List<Map<String, Object>> batch = pipeline.batch();
        if (reader.barrierWaiting() && batch.isEmpty()) {
            return passBarrier(attempt);
        }
        if (!snapshots.recovered()) {
            return 0;
        }
        final int read;
        try {
            read = reader.read(batch, nowNs);
        } catch (final Exception e) {
            batch.clear();
            return stops.failed(Lifecycles.READ_BATCH, e);
        }
        int work = Math.max(0, read);
        if (batch.isEmpty()) {
            if (reader.exhausted()) {
                pipeline.queue(attempt.toCoordinator, attempt.where.control(FrameType.INPUT_EXHAUSTED, 0, 0));
                pipeline.flush();
                work++;
            }
            return work;
        }
        if (reader.due(batch, nowNs)) {
            pipeline.process(attempt, nowNs);
            work++;
        }
        return work;
    }

    /** Passes the barrier on after the batch read before it; a fused output seals once the input ran out. */
    private int passBarrier(final TaskAttempt attempt) throws Exception {
        final long epoch = reader.barrierEpoch();
        if (!recovered(attempt, reader.barrierPayload())) {
            return 0;
        }
        final boolean completed = input.completed();
        forward(attempt, epoch, completed, reader.forwardPayload());
        final Object state = input.checkpoint(epoch);
        if (output != null && completed) {
            output.seal();
            snapshots.finalSnapshot(epoch, attempt.where, state, output.checkpoint(epoch));
        } else {
            snapshots.snapshot(epoch, attempt.where, state, output == null ? null : output.checkpoint(epoch));
        }
        reader.barrierPassed();
        pipeline.flush();
        return 1;
    }

    @Override
    boolean onSegments(final Frame frame) {
        // No peer sends segments to an input task: a frame that says otherwise is dropped.
        metrics.dropped();
        return true;
    }

    @Override
    boolean onBarrier(final Frame frame) {
        if (reader.jumps(frame)) {
            jumped(frame);
            return true;
        }
        return reader.offer(frame);
    }

    @Override
    void close() {
        TaskParts.close(input, output, windows);
    }
}
