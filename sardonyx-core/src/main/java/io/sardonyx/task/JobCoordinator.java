package io.sardonyx.task;

import io.sardonyx.checkpoint.Coordinate;
import io.sardonyx.checkpoint.RecoveryPlan;
import io.sardonyx.checkpoint.StaleCoordinatorException;
import io.sardonyx.messaging.Frame;
import io.sardonyx.messaging.FrameType;
import io.sardonyx.messaging.Outbox;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The barrier coordinator of one job at one allocation version, run by the peer the replica names (on that peer's
 * task thread). It first learns which checkpoint the job recovers from, and sends it with the version's first
 * barrier; then it starts an epoch by sending a barrier to every input peer, every barrier period or at once when
 * an input reports it ran out, one epoch in flight. Every peer reports the epoch when its snapshot is written; when
 * all have, the checkpoint is complete and is recorded (by compare-and-set); when every terminal peer also reported
 * drained, the job is complete.
 */
final class JobCoordinator {
    /** What the coordinator needs done outside its thread. */
    interface Actions {
        /**
         * Claims the job for this allocation and returns the checkpoint to recover from (empty: start fresh); fails
         * when checkpoints exist but none is whole, or with a {@link StaleCoordinatorException}.
         */
        CompletableFuture<RecoveryPlan> recoveryPoint();

        /** Records a complete checkpoint; completes true, or false when a newer one is already recorded. */
        CompletableFuture<Boolean> record(Coordinate checkpoint);

        void complete();

        void fail(String reason, Throwable cause);

    }

    private final JobLayout layout;
    private final int source;
    private final long periodNs;
    private final long resendNs;
    private final List<Outbox> inputs;
    private final List<Outbox> outputs;
    /** The input peers that hear of a complete checkpoint as inputs (not also as terminals). */
    private final List<Outbox> announcedInputs;
    private final Actions actions;
    private final Set<Integer> peers = new HashSet<>();
    private final Set<Integer> terminals = new HashSet<>();
    private final Set<Integer> reported = new HashSet<>();
    private final Map<String, Integer> stateful = new TreeMap<>();
    private final int keyGroups;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobCoordinator.class);
    private final List<Send> unsent = new ArrayList<>();
    private long retryRecordAtNs;
    private long lastAnnouncedNs;
    private final Set<Integer> committed = new HashSet<>();
    private boolean committing;
    private CompletableFuture<RecoveryPlan> recovery;
    private List<Map<String, Object>> recoveryPayload;
    private CompletableFuture<Boolean> recording;
    private long epoch;
    private boolean inFlight;
    private boolean drained = true;
    private boolean requested;
    private boolean finished;
    private long lastBarrierNs;
    private long lastSentNs;

    private int sendIndex;

    /**
     * @param routes   to every input peer and every terminal peer (they commit checkpoints), in layout order
     * @param source   this peer's source id
     * @param stateful  tasks whose peers write state at every checkpoint, with their peer counts
     * @param keyGroups the job's key groups, recorded with each checkpoint
     */
    @SuppressWarnings("checkstyle:ParameterNumber")
    JobCoordinator(final JobLayout layout, final int source, final long periodMs, final Routes routes,
                   final Map<String, Integer> stateful, final int keyGroups, final long nowNs, final Actions actions) {
        this.layout = layout;
        this.keyGroups = keyGroups;
        this.source = source;
        this.periodNs = TimeUnit.MILLISECONDS.toNanos(periodMs);
        // An epoch still in flight after this long has its barriers sent again: one lost control frame (a stream
        // that broke between JVMs) must not hang the job. Inputs and aligners ignore a barrier they have passed.
        this.resendNs = Math.max(4 * periodNs, TimeUnit.SECONDS.toNanos(2));
        this.inputs = routes.inputs();
        this.outputs = routes.terminals();
        this.announcedInputs = announcedInputs(layout, routes.inputs());
        this.actions = actions;
        this.stateful.putAll(stateful);
        this.lastBarrierNs = nowNs;
        for (int t = 0; t < layout.tasks().size(); t++) {
            for (int slot = 0; slot < layout.peers().get(t).size(); slot++) {
                peers.add(Frame.source(t, slot));
                if (layout.downstream().get(t).isEmpty()) {
                    terminals.add(Frame.source(t, slot));
                }
            }
        }
        // The first epoch starts as soon as the recovery point is known: a job whose inputs are already empty
        // completes without waiting a period.
        this.requested = true;
    }

    long epoch() {
        return epoch;
    }

    /** Starts an epoch when due, sends pending barriers, follows recording; returns work done. */
    int doWork(final long nowNs) {
        if (finished) {
            return 0;
        }
        if (recoveryPayload == null) {
            return awaitRecovery();
        }
        if (recording != null) {
            return awaitRecording(nowNs);
        }
        if (retryRecordAtNs != 0) {
            if (nowNs < retryRecordAtNs) {
                return 0;
            }
            retryRecordAtNs = 0;
            recordCheckpoint();
            return 1;
        }
        if (committing) {
            // The final checkpoint is recorded; the outputs commit it, then the job is complete. A commit is
            // idempotent, so the announcement goes again until every output acknowledged it.
            if (sendIndex == unsent.size() && nowNs - lastAnnouncedNs >= resendNs) {
                announce(nowNs);
            }
            return send();
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
        } else if (inFlight && nowNs - lastSentNs >= resendNs) {
            queueBarriers(nowNs);
            work++;
        }
        return work + send();
    }

    private int send() {
        int work = 0;
        while (sendIndex < unsent.size()) {
            final Send next = unsent.get(sendIndex);
            if (!next.to.offer(next.frame)) {
                return work;
            }
            sendIndex++;
            work++;
        }
        return work;
    }

    private int awaitRecovery() {
        if (recovery == null) {
            recovery = actions.recoveryPoint();
            return 1;
        }
        if (!recovery.isDone()) {
            return 0;
        }
        try {
            recoveryPayload = BarrierPayload.of(recovery.join());
        } catch (final RuntimeException e) {
            finished = true;
            final Throwable cause = e.getCause() == null ? e : e.getCause();
            if (!(cause instanceof StaleCoordinatorException)) {
                actions.fail("job " + layout.jobId() + " cannot recover", cause);
            }
        }
        return 1;
    }

    private int awaitRecording(final long nowNs) {
        if (!recording.isDone()) {
            return 0;
        }
        final boolean recorded;
        try {
            recorded = recording.join();
        } catch (final RuntimeException e) {
            // The store could not be reached: the checkpoint is still complete; record it again shortly.
            LOG.warn("job {}: could not record checkpoint {}-{} (retrying): {}", layout.jobId(), layout.version(),
                epoch, e.getCause() == null ? e : e.getCause());
            recording = null;
            retryRecordAtNs = nowNs + TimeUnit.SECONDS.toNanos(1);
            return 1;
        }
        recording = null;
        if (!recorded) {
            LOG.info("job {}: allocation {} no longer claims the job; its coordinator stops", layout.jobId(),
                layout.version());
            finished = true;
            return 1;
        }
        // Outputs commit what they prepared for the epoch; the final epoch's commits are awaited before completion.
        announce(nowNs);
        if (drained) {
            committing = true;
            committed.clear();
        } else {
            inFlight = false;
        }
        send();
        return 1;
    }

    private void announce(final long nowNs) {
        lastAnnouncedNs = nowNs;
        dropSent();
        // Inputs learn it too (a queue input forgets what it kept for replay); only terminal peers acknowledge.
        for (final Outbox input : announcedInputs) {
            unsent.add(new Send(input, Frame.control(FrameType.CHECKPOINTED, layout.jobKey(), layout.version(),
                source, epoch, 0)));
        }
        for (final Outbox output : outputs) {
            unsent.add(new Send(output, Frame.control(FrameType.CHECKPOINTED, layout.jobKey(), layout.version(),
                source, epoch, drained ? Frame.COMPLETED : 0)));
        }
    }

    private void queueBarriers(final long nowNs) {
        lastSentNs = nowNs;
        // Announcements not yet sent stay ahead of the new barriers; a barrier not yet sent is replaced.
        dropSent();
        unsent.removeIf(send -> send.frame.type() == FrameType.BARRIER);
        final List<Map<String, Object>> payload = epoch == 1 ? recoveryPayload : List.of();
        for (final Outbox input : inputs) {
            unsent.add(new Send(input, new Frame(FrameType.BARRIER, layout.jobKey(), layout.version(), source, epoch,
                0, payload)));
        }
    }

    /**
     * The input peers told of a complete checkpoint as inputs: all but those of an input task that is terminal too
     * (its output fused into it), which hear it once, as a terminal.
     */
    private static List<Outbox> announcedInputs(final JobLayout layout, final List<Outbox> inputs) {
        final List<Outbox> out = new java.util.ArrayList<>();
        int i = 0;
        for (final int task : layout.inputs()) {
            for (int slot = 0; slot < layout.peers().get(task).size() && i < inputs.size(); slot++, i++) {
                if (!layout.downstream().get(task).isEmpty()) {
                    out.add(inputs.get(i));
                }
            }
        }
        return i == inputs.size() ? out : inputs;
    }

    /** Forgets the frames already sent. */
    private void dropSent() {
        unsent.subList(0, sendIndex).clear();
        sendIndex = 0;
    }

    private record Send(Outbox to, Frame frame) {
    }

    /** The coordinator's routes: to every input peer and to every terminal peer, in layout order. */
    record Routes(List<Outbox> inputs, List<Outbox> terminals) {
    }

    /** A peer finished the epoch: its snapshot is written (and, for a terminal peer, whether it drained). */
    void onStatus(final Frame status) {
        if (status.epoch() != epoch || !peers.contains(status.source()) || finished || recording != null) {
            return;
        }
        if (status.has(Frame.COMMITTED)) {
            if (committing && terminals.contains(status.source()) && committed.add(status.source())
                && committed.size() == terminals.size()) {
                finished = true;
                actions.complete();
            }
            return;
        }
        if (!reported.add(status.source())) {
            return;
        }
        if (terminals.contains(status.source())) {
            drained &= status.has(Frame.DRAINED);
        }
        if (reported.size() == peers.size()) {
            recordCheckpoint();
        }
    }

    private void recordCheckpoint() {
        recording = actions.record(new Coordinate(layout.version(), epoch, stateful, keyGroups));
    }

    /** An input ran out: start the next epoch as soon as the current one ends. */
    void onInputExhausted() {
        requested = true;
    }

    boolean completed() {
        return finished;
    }
}
