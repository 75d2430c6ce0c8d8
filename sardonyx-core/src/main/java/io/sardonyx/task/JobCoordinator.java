package io.sardonyx.task;

import io.sardonyx.messaging.Frame;
import io.sardonyx.messaging.FrameType;
import io.sardonyx.messaging.Outbox;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The barrier coordinator of one job at one allocation version, run by the peer the replica names (on that peer's
 * task thread). It starts an epoch by sending a barrier to every input peer, every barrier period or at once when
 * an input reports it ran out; only one epoch is in flight. Terminal tasks report each epoch's status; when all
 * report drained (every input exhausted, every output final), the job is complete.
 */
final class JobCoordinator {
    private final JobLayout layout;
    private final int source;
    private final long periodNs;
    private final List<Outbox> inputs;
    private final Set<Integer> terminals = new HashSet<>();
    private final Set<Integer> reported = new HashSet<>();
    private final List<Frame> unsent = new ArrayList<>();
    private final Runnable onComplete;
    private long epoch;
    private boolean inFlight;
    private boolean drained = true;
    private boolean requested;
    private boolean completed;
    private long lastBarrierNs;
    private long lastSentNs;
    private final long resendNs;
    private int sendIndex;

    /**
     * @param inputs      routes to every input peer, in layout order
     * @param source      this peer's source id
     * @param onComplete  called once when the job is complete
     */
    JobCoordinator(final JobLayout layout, final int source, final long periodMs, final List<Outbox> inputs,
                   final long nowNs, final Runnable onComplete) {
        this.layout = layout;
        this.source = source;
        this.periodNs = TimeUnit.MILLISECONDS.toNanos(periodMs);
        this.inputs = inputs;
        this.onComplete = onComplete;
        this.lastBarrierNs = nowNs;
        // An epoch still in flight after this long has its barriers sent again: one lost control frame (a stream
        // that broke between JVMs) must not hang the job. Inputs and aligners ignore a barrier they have passed.
        this.resendNs = Math.max(4 * periodNs, TimeUnit.SECONDS.toNanos(2));
        for (final int t : layout.terminals()) {
            for (int slot = 0; slot < layout.peers().get(t).size(); slot++) {
                terminals.add(Frame.source(t, slot));
            }
        }
        // The first epoch starts at once: a job whose inputs are already empty completes without waiting.
        this.requested = true;
    }

    long epoch() {
        return epoch;
    }

    /** Starts an epoch when due and sends pending barriers; returns work done. */
    int doWork(final long nowNs) {
        if (completed) {
            return 0;
        }
        int work = 0;
        if (!inFlight && (requested || nowNs - lastBarrierNs >= periodNs)) {
            epoch++;
            inFlight = true;
            requested = false;
            lastBarrierNs = nowNs;
            reported.clear();
            drained = true;
            queueBarriers(nowNs);
            work++;
        } else if (inFlight && sendIndex == unsent.size() && nowNs - lastSentNs >= resendNs) {
            queueBarriers(nowNs);
            work++;
        }
        while (sendIndex < unsent.size()) {
            if (!inputs.get(sendIndex).offer(unsent.get(sendIndex))) {
                return work;
            }
            sendIndex++;
            work++;
        }
        return work;
    }

    private void queueBarriers(final long nowNs) {
        lastSentNs = nowNs;
        unsent.clear();
        sendIndex = 0;
        for (int i = 0; i < inputs.size(); i++) {
            unsent.add(Frame.control(FrameType.BARRIER, layout.jobKey(), layout.version(), source, epoch, 0));
        }
    }

    /** A terminal peer finished the epoch. */
    void onStatus(final Frame status) {
        if (status.epoch() != epoch || !terminals.contains(status.source()) || completed) {
            return;
        }
        reported.add(status.source());
        drained &= status.has(Frame.DRAINED);
        if (reported.size() == terminals.size()) {
            inFlight = false;
            if (drained) {
                completed = true;
                onComplete.run();
            }
        }
    }

    /** An input ran out: start the next epoch as soon as the current one ends. */
    void onInputExhausted() {
        requested = true;
    }

    boolean completed() {
        return completed;
    }
}
