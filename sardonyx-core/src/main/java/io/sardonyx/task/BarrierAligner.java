package io.sardonyx.task;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Aligns one epoch's barrier across every upstream peer: once a sender's barrier has arrived, that sender is
 * blocked (its later frames wait) until the barrier has arrived from all, so the task passes the barrier having
 * seen exactly the segments of the epoch. Tracks whether every sender marked its barrier completed.
 *
 * <p>A small state machine whose states are objects: {@link WaitingForFirst} (no barrier of the next epoch yet),
 * {@link Collecting} (some senders' barriers in, those senders blocked), {@link Aligned} (every sender's barrier in,
 * every sender blocked until the barrier is passed on). Each barrier moves it from one state to the next.
 */
public final class BarrierAligner {
    /** One state of the alignment: what it does with a barrier, and whom it blocks. */
    private interface State {
        State onBarrier(int sender, long epoch, boolean completed, List<Map<String, Object>> carried);

        boolean blocked(int sender);

        default boolean aligned() {
            return false;
        }

        /** The epoch being aligned, or -1. */
        default long epoch() {
            return -1;
        }

        default Collecting collected() {
            return null;
        }
    }

    /** No barrier of the next epoch has arrived; no sender is blocked. */
    private final class WaitingForFirst implements State {
        @Override
        public State onBarrier(final int sender, final long epoch, final boolean completed,
                               final List<Map<String, Object>> carried) {
            return new Collecting(epoch, carried).onBarrier(sender, epoch, completed, carried);
        }

        @Override
        public boolean blocked(final int sender) {
            return false;
        }
    }

    /** Some senders' barriers of an epoch are in; those senders wait. */
    private final class Collecting implements State {
        private final long epoch;
        private final List<Map<String, Object>> payload;
        private final Set<Integer> arrived = new HashSet<>();
        private boolean allCompleted = true;
        private long watermark = Long.MAX_VALUE;

        Collecting(final long epoch, final List<Map<String, Object>> payload) {
            this.epoch = epoch;
            this.payload = payload;
        }

        @Override
        public State onBarrier(final int sender, final long barrierEpoch, final boolean completed,
                               final List<Map<String, Object>> carried) {
            if (barrierEpoch != epoch) {
                throw new IllegalStateException("barrier of epoch " + barrierEpoch + " from sender " + sender
                    + " while aligning epoch " + epoch);
            }
            arrived.add(sender);
            allCompleted &= completed;
            watermark = Math.min(watermark, BarrierPayload.watermark(carried));
            return arrived.size() == expected.size() ? new Aligned(this) : this;
        }

        @Override
        public boolean blocked(final int sender) {
            return arrived.contains(sender);
        }

        @Override
        public long epoch() {
            return epoch;
        }

        @Override
        public Collecting collected() {
            return this;
        }
    }

    /** Every sender's barrier is in: all wait until the task passes the barrier on. */
    private record Aligned(Collecting all) implements State {
        @Override
        public State onBarrier(final int sender, final long epoch, final boolean completed,
                               final List<Map<String, Object>> carried) {
            throw new IllegalStateException("barrier of epoch " + epoch + " from sender " + sender + " after epoch "
                + all.epoch + " aligned and before it was passed on");
        }

        @Override
        public boolean blocked(final int sender) {
            return true;
        }

        @Override
        public boolean aligned() {
            return true;
        }

        @Override
        public long epoch() {
            return all.epoch;
        }

        @Override
        public Collecting collected() {
            return all;
        }
    }

    private final Set<Integer> expected = new HashSet<>();
    private final State waiting = new WaitingForFirst();
    private State state = waiting;
    private long lastAligned;

    /** Starts over with a new set of senders. */
    public void reset(final List<Integer> senders) {
        expected.clear();
        expected.addAll(senders);
        lastAligned = 0;
        state = waiting;
    }

    /** Clears the current epoch after its barrier has been passed on. */
    public void next() {
        if (state.epoch() > lastAligned) {
            lastAligned = state.epoch();
        }
        state = waiting;
    }

    /** What the barrier being aligned carries (the recovery point on a version's first). */
    public List<Map<String, Object>> payload() {
        final Collecting c = state.collected();
        return c == null ? List.of() : c.payload;
    }

    /** True when the sender must wait: its barrier for the epoch being aligned has arrived. */
    public boolean blocked(final int sender) {
        return state.blocked(sender);
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
        state = state.onBarrier(sender, barrierEpoch, completed, carried);
    }

    /** True when every sender's barrier has arrived. */
    public boolean aligned() {
        return state.aligned();
    }

    /** The last epoch whose barrier was passed on (0 before any); a barrier of it again is a duplicate. */
    public long lastAligned() {
        return lastAligned;
    }

    public long epoch() {
        return state.epoch();
    }

    /** The lowest watermark the senders' barriers carry (Long.MIN_VALUE when none has arrived). */
    public long watermark() {
        final Collecting c = state.collected();
        return c == null ? Long.MIN_VALUE : c.watermark;
    }

    /** True when every sender's barrier was marked completed. */
    public boolean allCompleted() {
        final Collecting c = state.collected();
        return c == null || c.allCompleted;
    }
}
