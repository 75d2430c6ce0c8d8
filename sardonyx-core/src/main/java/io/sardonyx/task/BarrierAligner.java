package io.sardonyx.task;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Aligns one epoch's barrier across every upstream peer: once a sender's barrier has arrived, that sender is
 * blocked (its later frames wait) until the barrier has arrived from all, so the task passes the barrier having
 * seen exactly the segments of the epoch. Tracks whether every sender marked its barrier completed.
 */
public final class BarrierAligner {
    private final Set<Integer> expected = new HashSet<>();
    private final Set<Integer> arrived = new HashSet<>();
    private long epoch = -1;
    private long lastAligned;
    private List<Map<String, Object>> payload = List.of();
    private boolean allCompleted = true;
    private long watermark = Long.MAX_VALUE;

    /** Starts over with a new set of senders. */
    public void reset(final List<Integer> senders) {
        expected.clear();
        expected.addAll(senders);
        lastAligned = 0;
        arrived.clear();
        epoch = -1;
        allCompleted = true;
        watermark = Long.MAX_VALUE;
        payload = List.of();
    }

    /** Clears the current epoch after its barrier has been passed on. */
    public void next() {
        if (epoch > lastAligned) {
            lastAligned = epoch;
        }
        arrived.clear();
        epoch = -1;
        allCompleted = true;
        watermark = Long.MAX_VALUE;
        payload = List.of();
    }

    /** What the barrier being aligned carries (the recovery point on a version's first). */
    public List<Map<String, Object>> payload() {
        return payload;
    }

    /** True when the sender must wait: its barrier for the epoch being aligned has arrived. */
    public boolean blocked(final int sender) {
        return arrived.contains(sender);
    }

    /** True when the sender is one this task receives from. */
    public boolean expects(final int sender) {
        return expected.contains(sender);
    }

    /**
     * Records a sender's barrier.
     *
     * @throws IllegalStateException when it belongs to another epoch than the one being aligned
     */
    public void onBarrier(final int sender, final long barrierEpoch, final boolean completed) {
        onBarrier(sender, barrierEpoch, completed, List.of());
    }

    /** Records a sender's barrier and what it carries (every sender's barrier of an epoch carries the same). */
    public void onBarrier(final int sender, final long barrierEpoch, final boolean completed,
                          final List<Map<String, Object>> carried) {
        if (arrived.isEmpty()) {
            epoch = barrierEpoch;
            payload = carried;
        } else if (barrierEpoch != epoch) {
            throw new IllegalStateException("barrier of epoch " + barrierEpoch + " from sender " + sender
                + " while aligning epoch " + epoch);
        }
        arrived.add(sender);
        allCompleted &= completed;
        watermark = Math.min(watermark, BarrierPayload.watermark(carried));
    }

    /** True when every sender's barrier has arrived. */
    public boolean aligned() {
        return !expected.isEmpty() && arrived.size() == expected.size();
    }

    /** The last epoch whose barrier was passed on (0 before any); a barrier of it again is a duplicate. */
    public long lastAligned() {
        return lastAligned;
    }

    public long epoch() {
        return epoch;
    }

    /** The lowest watermark the senders' barriers carry (Long.MIN_VALUE when one carries none). */
    public long watermark() {
        return arrived.isEmpty() ? Long.MIN_VALUE : watermark;
    }

    /** True when every sender's barrier was marked completed. */
    public boolean allCompleted() {
        return allCompleted;
    }
}
