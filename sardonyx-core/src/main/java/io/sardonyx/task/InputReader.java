package io.sardonyx.task;

import io.sardonyx.job.Task;
import io.sardonyx.messaging.Frame;
import io.sardonyx.plugin.InputPlugin;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An input task's reading side: polling its plugin into the batch, deciding when the batch goes (natural batching),
 * its watermark, the coordinator's barrier waiting to be passed on after the batch, and the one report that the input
 * ran out. Owned by the task's thread.
 */
final class InputReader {
    private final InputPlugin input;
    private final TaskParts.Watermark watermark;
    private final InputBarrier barrier = new InputBarrier();
    private final int batchSize;
    private final long timeoutNs;
    private long batchStartNs;
    private boolean exhaustedReported;
    /** The input's last poll gave nothing: what the batch holds is all there is for now. */
    private boolean drained;

    InputReader(final InputPlugin input, final TaskParts.Watermark watermark, final Task task) {
        this.input = input;
        this.watermark = watermark;
        this.batchSize = (int) task.batchSize();
        this.timeoutNs = TimeUnit.MILLISECONDS.toNanos(task.batchTimeoutMs());
    }

    /** A new allocation version: no barrier waits, the watermark starts over, running out is reported anew. */
    void reset() {
        barrier.reset();
        exhaustedReported = false;
        watermark.reset();
    }

    /** Takes a barrier frame: true when consumed, false to leave it for later. */
    boolean offer(final Frame frame) {
        return barrier.offer(frame);
    }

    /** True when a barrier's epoch jumps past the next one: no coordinator sent it. */
    boolean jumps(final Frame frame) {
        return barrier.jumps(frame);
    }

    boolean barrierWaiting() {
        return barrier.waiting();
    }

    long barrierEpoch() {
        return barrier.epoch();
    }

    /** The waiting barrier's payload (it names the checkpoint to recover from on a version's first). */
    List<Map<String, Object>> barrierPayload() {
        return barrier.payload();
    }

    /** The payload to pass on: the barrier's, with this input's watermark. */
    List<Map<String, Object>> forwardPayload() {
        return BarrierPayload.withWatermark(barrier.payload(), watermark.value(input));
    }

    void barrierPassed() {
        barrier.passed();
    }

    /**
     * Reads what the input has, up to a full batch: polls until the input has nothing more for now, so a segment
     * that is there goes out in this cycle, not the next.
     *
     * @return the segments read, or -1 when the batch is full or the input done (nothing asked)
     */
    int read(final List<Map<String, Object>> batch, final long nowNs) throws Exception {
        if (batch.size() >= batchSize || input.completed()) {
            return -1;
        }
        final int before = batch.size();
        int read;
        do {
            read = input.poll(batch, batchSize - batch.size());
        } while (read > 0 && batch.size() < batchSize && !input.completed());
        drained = read == 0;
        if (before == 0 && batch.size() > 0) {
            batchStartNs = nowNs;
        }
        watermark.observe(batch, before);
        return batch.size() - before;
    }

    /** True once, when the input has run out: the coordinator is told so. */
    boolean exhausted() {
        if (input.completed() && !exhaustedReported) {
            exhaustedReported = true;
            return true;
        }
        return false;
    }

    /**
     * Natural batching: a batch goes once it is full, as soon as the input has nothing more for now (its last poll
     * gave nothing), when its time is up, when the input is done, or when a barrier waits behind it.
     */
    boolean due(final List<Map<String, Object>> batch, final long nowNs) {
        return batch.size() >= batchSize || drained || nowNs - batchStartNs >= timeoutNs || input.completed()
            || barrier.waiting();
    }
}
