package io.sardonyx.task;

import io.sardonyx.checkpoint.BlobKey;
import io.sardonyx.checkpoint.Checkpoints;
import io.sardonyx.checkpoint.Coordinate;
import io.sardonyx.checkpoint.ResumeSource;
import io.sardonyx.flow.GroupKey;
import io.sardonyx.job.Fusion;
import io.sardonyx.job.KeyGroups;
import io.sardonyx.job.Task;
import io.sardonyx.messaging.Frame;
import io.sardonyx.messaging.FrameType;
import io.sardonyx.plugin.InputPlugin;
import io.sardonyx.plugin.OutputPlugin;
import io.sardonyx.window.WindowExecutor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's side of checkpoints: recovering its plugins and windows from the checkpoint a version's first barrier
 * names (read off the task's thread, applied on it), taking a snapshot at every barrier (written asynchronously), and
 * the statuses it owes the coordinator, in epoch order, each sent once its snapshot is durable (and, for a terminal
 * task after the last input ran out, once its output is final). Called from the task's thread only.
 */
final class TaskSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(TaskSnapshots.class);
    private static final CompletableFuture<Void> NOTHING = CompletableFuture.completedFuture(null);
    private static final String WINDOWS = "windows";
    private static final String PLUGIN = "plugin";

    /** Where a recovery stands. */
    enum Recovery {
        /** The state is being read; ask again. */
        READING,
        /** A newer allocation has claimed the job: this attempt is a zombie and must stop. */
        STALE,
        /** The plugins and windows hold the checkpoint's state. */
        DONE
    }

    private final TaskServices services;
    private final String job;
    private final String task;
    /** The name of the output task fused into this one (its state is kept under it), or null. */
    private final String fusedOutput;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** The job's key groups: how grouped state is split, and so redistributed. */
    private final int keyGroups;
    private final InputPlugin input;
    private final OutputPlugin output;
    private final WindowExecutor windows;
    /** The task keeps state of its own: an input's position, its own output's, or windows. */
    private final boolean stateful;
    private boolean recovered;
    private CompletableFuture<Read> reading;

    /**
     * @param input   the task's input plugin, or null
     * @param output  its output plugin (its own or a fused output's), or null
     * @param windows its windows, or null
     */
    TaskSnapshots(final TaskServices services, final String job, final Task task, final int keyGroups,
                  final InputPlugin input, final OutputPlugin output, final WindowExecutor windows) {
        this.services = services;
        this.keyGroups = keyGroups;
        this.job = job;
        this.task = task.name();
        final Task fused = Fusion.fusedOutput(task);
        this.fusedOutput = fused == null ? null : fused.name();
        this.input = input;
        this.output = output;
        this.windows = windows;
        this.stateful = input != null || output != null && fusedOutput == null || windows != null;
    }

    /** A new allocation version: nothing is owed, a recovery under way is dropped, the plugins wait to recover. */
    void reset() {
        pending.clear();
        recovered = false;
        reading = null;
    }

    boolean recovered() {
        return recovered;
    }

    /**
     * Restores the plugins and windows from the checkpoint the barrier names (a fresh start when it names none),
     * unless a newer allocation has claimed the job meanwhile: this task is then a zombie (its process was paused) and
     * must not touch its outputs (a file output would cut back what the newer allocation committed). When the task's
     * peer count differs from the checkpoint's, its state is redistributed: windows take the groups of the key groups
     * this slot now owns from the earlier slots that held them, and plugins their share ({@code rescale}).
     *
     * <p>The first call starts reading the checkpoint record and blobs on the checkpoint I/O threads and answers
     * {@link Recovery#READING}; a later call, once they are read, restores the state on the calling (task) thread.
     *
     * @throws Exception when a blob cannot be read, or a plugin's state cannot be redistributed
     */
    Recovery recover(final List<Map<String, Object>> payload, final TaskSlot where) throws Exception {
        if (reading == null) {
            final long startNs = System.nanoTime();
            reading = services.checkpoints().offThread(() -> read(payload, where, startNs));
        }
        if (!reading.isDone()) {
            return Recovery.READING;
        }
        final Read read;
        try {
            read = reading.join();
        } catch (final CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            reading = null;
            recovered = true;
        }
        if (read.stale) {
            return Recovery.STALE;
        }
        restore(read, where);
        return Recovery.DONE;
    }

    /** What a recovery read: its checkpoint, the task's shares and its fused output's. */
    private record Read(boolean stale, Coordinate checkpoint, List<Map<String, Object>> payload, Shares own,
                        Shares fused, long bytes, long startNs) {
    }

    /** Off the task's thread: the record (for staleness) and the blobs this slot restores from. */
    private Read read(final List<Map<String, Object>> payload, final TaskSlot where, final long startNs)
        throws Exception {
        if (output != null && services.checkpoints().record(job).allocation() > where.version()) {
            return new Read(true, null, payload, Shares.NONE, Shares.NONE, 0, startNs);
        }
        final Coordinate checkpoint = BarrierPayload.recovers(payload) ? BarrierPayload.checkpoint(payload) : null;
        final boolean ownOutput = output != null && fusedOutput == null;
        final long[] bytes = {0};
        final Shares own = input != null || ownOutput || windows != null
            ? read(task, checkpoint, payload, where, input == null && !ownOutput, bytes) : Shares.NONE;
        final Shares fused = output != null && !ownOutput
            ? read(fusedOutput, checkpoint, payload, where, false, bytes) : null;
        return new Read(false, checkpoint, payload, own, fused, bytes[0], startNs);
    }

    /** On the task's thread: hands each part its state. */
    private void restore(final Read read, final TaskSlot where) throws Exception {
        final Shares shares = read.own;
        if (windows != null) {
            final List<Object> windowStates = new ArrayList<>(shares.states.size());
            for (final Object state : shares.states) {
                if (state != null && !(state instanceof Map<?, ?> map && map.containsKey(WINDOWS))) {
                    throw new IllegalStateException("the checkpoint of task " + task + " holds no window state; was "
                        + "the task windowed when it was written?");
                }
                windowStates.add(state == null ? null : ((Map<?, ?>) state).get(WINDOWS));
            }
            if (shares.rescaled) {
                final int peers = where.peers();
                final int slot = where.slot();
                windows.restoreShare(windowStates, group -> GroupKey.slot(group, peers, keyGroups) == slot);
            } else {
                windows.restore(windowStates.isEmpty() ? null : windowStates.get(0));
            }
        }
        final Shares plugin = windows == null ? shares
            : shares.map(s -> s == null ? null : ((Map<?, ?>) s).get(PLUGIN));
        if (input != null) {
            input.recover(plugin.rescaled ? input.rescale(plugin.states) : plugin.single());
        }
        if (output != null) {
            final Shares out = read.fused == null ? plugin : read.fused;
            output.recover(out.rescaled ? output.rescale(out.states) : out.single());
        }
        if (stateful) {
            logRecovery(read, where.slot(), shares.rescaled);
        }
    }

    private void logRecovery(final Read read, final int slot, final boolean rescaled) {
        final long ms = (System.nanoTime() - read.startNs) / 1_000_000;
        final Coordinate checkpoint = read.checkpoint;
        final ResumeSource resume = checkpoint == null ? BarrierPayload.resume(read.payload, task) : null;
        final String how = rescaled ? " (state redistributed over a new peer count)" : "";
        if (checkpoint != null) {
            LOG.info("job {} task {} slot {}: recovered from checkpoint {}-{} ({} bytes) in {} ms{}", job, task, slot,
                checkpoint.version(), checkpoint.epoch(), read.bytes, ms, how);
        } else if (resume != null) {
            LOG.info("job {} task {} slot {}: resumed from checkpoint {}-{} of job {} task {} ({} bytes) in {} ms{}",
                job, task, slot, resume.version(), resume.epoch(), resume.jobId(), resume.task(), read.bytes, ms,
                how);
        } else {
            LOG.info("job {} task {} slot {}: starts from the beginning (the job has no complete checkpoint)", job,
                task, slot);
        }
    }

    /**
     * What a slot restores from: the one state of its own slot in the checkpoint (not rescaled), or, when the peer
     * count or the key groups changed, every earlier slot's state (null for a slot not read).
     */
    private record Shares(boolean rescaled, List<Object> states) {
        static final Shares NONE = new Shares(false, Collections.singletonList(null));

        Object single() {
            return states.get(0);
        }

        Shares map(final UnaryOperator<Object> f) {
            final List<Object> out = new ArrayList<>(states.size());
            for (final Object state : states) {
                out.add(f.apply(state));
            }
            return new Shares(rescaled, out);
        }
    }

    /**
     * The state of one task (by its name in the job as submitted: a fused output's state is its own) at the
     * checkpoint, or from the checkpoint of the job it resumes from; {@link Shares#NONE} for a fresh start.
     *
     * @param byKeyGroup the state is keyed by group alone (windows, no plugin): only earlier slots that held key groups
     *                   this slot now owns are read
     * @param bytes      adds the bytes read
     */
    private Shares read(final String name, final Coordinate checkpoint, final List<Map<String, Object>> payload,
                        final TaskSlot where, final boolean byKeyGroup, final long[] bytes) throws Exception {
        final ResumeSource resume = checkpoint == null ? BarrierPayload.resume(payload, name) : null;
        final int then;
        final IntFunction<BlobKey> blob;
        final boolean sameGroups;
        if (checkpoint != null && checkpoint.slots().containsKey(name)) {
            then = checkpoint.slots().get(name);
            blob = s -> new BlobKey(job, checkpoint.version(), checkpoint.epoch(), name, s);
            sameGroups = checkpoint.keyGroups() == keyGroups;
        } else if (resume != null) {
            then = resume.slots();
            blob = resume::blob;
            sameGroups = true;
        } else {
            return Shares.NONE;
        }
        final int now = where.peers();
        final int slot = where.slot();
        if (then == now && sameGroups) {
            return new Shares(false, Collections.singletonList(restore(blob.apply(slot), bytes)));
        }
        final List<Object> states = new ArrayList<>(then);
        for (int s = 0; s < then; s++) {
            final boolean needed = !byKeyGroup || !sameGroups || KeyGroups.overlap(s, then, slot, now, keyGroups);
            states.add(needed ? restore(blob.apply(s), bytes) : null);
        }
        return new Shares(true, states);
    }

    private Object restore(final BlobKey key, final long[] bytes) throws Exception {
        final Checkpoints.Restored restored = services.checkpoints().restore(key);
        bytes[0] += restored.bytes();
        return restored.state();
    }

    /** What a task's blob holds: its plugin's state alone, or its window state beside it. */
    static Object state(final WindowExecutor windows, final Object plugin) {
        if (windows == null) {
            return plugin;
        }
        final Map<String, Object> both = new java.util.HashMap<>(4);
        both.put(WINDOWS, windows.snapshot());
        both.put(PLUGIN, plugin);
        return both;
    }

    /**
     * Takes this peer's snapshot of the epoch: a blob when the task keeps state, one under the fused output's name
     * when it has one, then a status owed once they are durable.
     *
     * @param state       the task's own state ({@link #state}); unused when it keeps none
     * @param outputState the fused output's state; unused without one
     */
    void snapshot(final long epoch, final TaskSlot where, final Object state, final Object outputState) {
        take(epoch, where, state, outputState, false);
    }

    /**
     * Takes the snapshot of the epoch in which the input ran out and this terminal task sealed its output: the
     * status it owes says the output drained, and goes only once the output is final.
     */
    void finalSnapshot(final long epoch, final TaskSlot where, final Object state, final Object outputState) {
        take(epoch, where, state, outputState, true);
    }

    private void take(final long epoch, final TaskSlot where, final Object state, final Object outputState,
                      final boolean sealing) {
        CompletableFuture<Void> written = stateful
            ? services.checkpoints().write(new BlobKey(job, where.version(), epoch, task, where.slot()), state)
            : NOTHING;
        if (fusedOutput != null) {
            written = CompletableFuture.allOf(written, services.checkpoints().write(new BlobKey(job,
                where.version(), epoch, fusedOutput, where.slot()), outputState));
        }
        pending.add(new Pending(epoch, written, sealing));
    }

    /**
     * The next status that can be sent, or null.
     *
     * @throws Exception when the snapshot could not be written, or the output could not be finished
     */
    Frame nextStatus(final TaskSlot where) throws Exception {
        final Pending head = pending.peek();
        if (head == null || !head.written.isDone()) {
            return null;
        }
        try {
            head.written.join();
        } catch (final CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        if (head.sealing && output != null && !output.completed()) {
            return null;
        }
        pending.poll();
        return where.control(FrameType.STATUS, head.epoch, head.sealing ? Frame.DRAINED : 0);
    }

    /**
     * Commits what the output prepared up to an announced complete checkpoint.
     *
     * @return the acknowledgement owed the coordinator when it announced the final checkpoint, else null
     * @throws Exception when the commit fails
     */
    Frame commit(final Frame announced, final TaskSlot where) throws Exception {
        if (input != null) {
            input.checkpointed(announced.epoch());
        }
        if (output != null) {
            output.checkpointed(announced.epoch());
        }
        return announced.has(Frame.COMPLETED) ? where.control(FrameType.STATUS, announced.epoch(), Frame.COMMITTED)
            : null;
    }

    private record Pending(long epoch, CompletableFuture<Void> written, boolean sealing) {
    }
}
