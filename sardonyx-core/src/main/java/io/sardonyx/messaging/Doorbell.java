package io.sardonyx.messaging;

import java.util.concurrent.locks.LockSupport;

/**
 * Wakes an idle receiver when a frame arrives: a sender rings after it queues a frame, and a receiver that has
 * gone to sleep is unparked at once instead of finishing its park. A ring between the receiver's last poll and its
 * sleep is never lost: the receiver looks at the bell after it announces itself and before it parks. Costs a
 * sender one volatile write and read per frame; nothing is allocated.
 */
public final class Doorbell {
    private volatile boolean rung;
    private volatile Thread sleeper;

    /** Called by a sender after it queued a frame. */
    public void ring() {
        rung = true;
        final Thread t = sleeper;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Called by the receiver's thread when it found no work: sleeps up to {@code nanos} unless rung since the last
     * call.
     *
     * @return true when it was rung (work may be waiting)
     */
    public boolean sleep(final long nanos) {
        if (rung) {
            rung = false;
            return true;
        }
        sleeper = Thread.currentThread();
        if (!rung) {
            LockSupport.parkNanos(this, nanos);
        }
        sleeper = null;
        final boolean was = rung;
        rung = false;
        return was;
    }
}
