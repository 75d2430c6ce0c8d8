package io.sardonyx.peer;

import io.sardonyx.messaging.Doorbell;
import org.agrona.concurrent.IdleStrategy;

/**
 * A task thread's idle strategy: spin a little, yield a little, then sleep for doubling periods up to a maximum,
 * as Agrona's backoff does, except that a frame arriving from a peer of the group rings the inbox's
 * {@link Doorbell} and ends the sleep at once. A busy thread never sleeps; an idle one costs no CPU; a frame waits
 * for a wake-up, not for the rest of a park (the difference at low load between microseconds and a millisecond).
 */
final class WakeableIdle implements IdleStrategy {
    private static final int SPINS = 10;
    private static final int YIELDS = 20;
    private static final long MIN_PARK_NS = 1_000;

    private final Doorbell doorbell;
    private final long maxParkNs;
    private int idles;
    private long parkNs = MIN_PARK_NS;

    WakeableIdle(final Doorbell doorbell, final long maxParkNs) {
        this.doorbell = doorbell;
        this.maxParkNs = maxParkNs;
    }

    @Override
    public void idle(final int workCount) {
        if (workCount > 0) {
            reset();
        } else {
            idle();
        }
    }

    @Override
    public void idle() {
        if (idles < SPINS) {
            idles++;
            Thread.onSpinWait();
        } else if (idles < SPINS + YIELDS) {
            idles++;
            Thread.yield();
        } else if (doorbell.sleep(parkNs)) {
            reset();
        } else {
            parkNs = Math.min(parkNs << 1, maxParkNs);
        }
    }

    @Override
    public void reset() {
        idles = 0;
        parkNs = MIN_PARK_NS;
    }

    @Override
    public String alias() {
        return "sardonyx-wakeable";
    }
}
