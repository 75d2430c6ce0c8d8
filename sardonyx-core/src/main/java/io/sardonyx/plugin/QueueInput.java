package io.sardonyx.plugin;

import io.sardonyx.api.SegmentQueue;
import java.util.List;
import java.util.Map;

/**
 * The {@code queue} input: takes segments from the in-process queue named by {@code "queue/name"}; completed when
 * the queue is closed and empty. A queue cannot be rewound, so the input keeps what it took (in the queue's
 * {@link SegmentQueue.ReplayLog}, which outlives the task) until a checkpoint after it completes, and reads it again
 * after a recovery: nothing read is lost when its task restarts in this JVM.
 */
public final class QueueInput implements InputPlugin {
    public static final String NAME = "queue/name";

    private SegmentQueue queue;
    private SegmentQueue.ReplayLog log;

    @Override
    public void start(final PluginContext context) {
        queue = context.resources().queue(context.requireString(NAME));
        log = queue.replayLog(context.jobId() + "/" + context.task().name() + "/" + context.slot());
    }

    @Override
    public int poll(final List<Map<String, Object>> out, final int max) {
        if (log.replaying()) {
            return log.replay(out, max);
        }
        final List<Map<String, Object>> fresh = new java.util.ArrayList<>(Math.min(max, 256));
        final int n = queue.drainTo(fresh, max);
        log.keep(fresh);
        out.addAll(fresh);
        return n;
    }

    /** The state: how many segments, in the queue's order, were read before the barrier. */
    @Override
    public Object checkpoint() {
        return log.position();
    }

    @Override
    public Object checkpoint(final long epoch) {
        log.mark(epoch);
        return log.position();
    }

    @Override
    public void recover(final Object checkpoint) {
        log.rewindTo(checkpoint instanceof Number n ? n.longValue() : 0);
    }

    /**
     * A queue's unconfirmed segments are kept in the JVM of the peer that took them, per slot, so they cannot move to
     * another slot: a queue input needs a fixed peer count once it has read anything.
     */
    @Override
    public Object rescale(final List<Object> checkpoints) {
        for (final Object checkpoint : checkpoints) {
            if (checkpoint instanceof Number n && n.longValue() > 0) {
                throw new IllegalStateException("a queue input cannot change its peer count once it has read: what it "
                    + "took since the last complete checkpoint is kept per slot in its JVM; give the task a fixed "
                    + "\"onyx/n-peers\"");
            }
        }
        return null;
    }

    @Override
    public void checkpointed(final long confirmed) {
        log.confirm(confirmed);
    }

    @Override
    public boolean completed() {
        return queue.closed() && queue.isEmpty() && !log.replaying();
    }

    @Override
    public void close() {
        queue = null;
    }
}
