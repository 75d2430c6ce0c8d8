package io.sardonyx.task;

import io.sardonyx.checkpoint.BlobKey;
import io.sardonyx.checkpoint.Checkpoints;
import io.sardonyx.checkpoint.Coordinate;
import io.sardonyx.checkpoint.ResumeSource;
import io.sardonyx.job.Fusion;
import io.sardonyx.job.Task;
import io.sardonyx.messaging.Frame;
import io.sardonyx.messaging.FrameType;
import io.sardonyx.plugin.InputPlugin;
import io.sardonyx.plugin.OutputPlugin;
import io.sardonyx.window.WindowExecutor;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's side of checkpoints: recovering its plugins from the checkpoint a version's first barrier names, taking
 * a snapshot at every barrier (written asynchronously), and the statuses it owes the coordinator, in epoch order,
 * each sent once its snapshot is durable (and, for a terminal task after the last input ran out, once its output is
 * final). Called from the task's thread only.
 */
final class TaskSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(TaskSnapshots.class);
    private static final CompletableFuture<Void> NOTHING = CompletableFuture.completedFuture(null);
    private static final String WINDOWS = "windows";
    private static final String PLUGIN = "plugin";

    private final TaskServices services;
    private final String job;
    private final String task;
    /** The name of the output task fused into this one (its state is kept under it), or null. */
    private final String fusedOutput;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private boolean recovered;
    /** Bytes read by the recovery under way, for its log line. */
    private long restoredBytes;

    TaskSnapshots(final TaskServices services, final String job, final Task task) {
        this.services = services;
        this.job = job;
        this.task = task.name();
        final Task output = Fusion.fusedOutput(task);
        this.fusedOutput = output == null ? null : output.name();
    }

    /** A new allocation version: nothing is owed, and the plugins wait to be recovered. */
    void reset() {
        pending.clear();
        recovered = false;
    }

    boolean recovered() {
        return recovered;
    }

    /**
     * Restores the plugins from the checkpoint the barrier names (a fresh start when it names none), unless a newer
     * allocation has claimed the job meanwhile: this task is then a zombie (its process was paused) and must not
     * touch its outputs (a file output would cut back what the newer allocation committed).
     *
     * @return false when the task's allocation is stale
     * @throws Exception when a blob cannot be read, or the task's peer count differs from the checkpoint's
     */
    boolean recover(final List<Map<String, Object>> payload, final JobLayout layout, final int taskIndex,
                    final int slot, final InputPlugin input, final OutputPlugin output,
                    final WindowExecutor windows) throws Exception {
        recovered = true;
        if (output != null && services.checkpoints().record(job).allocation() > layout.version()) {
            return false;
        }
        final long startNs = System.nanoTime();
        restoredBytes = 0;
        final Coordinate checkpoint = BarrierPayload.recovers(payload) ? BarrierPayload.checkpoint(payload) : null;
        final boolean ownOutput = output != null && fusedOutput == null;
        final boolean stateful = input != null || output != null || windows != null;
        Object state = input != null || ownOutput || windows != null
            ? read(task, checkpoint, payload, layout, taskIndex, slot) : null;
        if (windows != null) {
            if (state != null && !(state instanceof Map<?, ?> map && map.containsKey(WINDOWS))) {
                throw new IllegalStateException("the checkpoint of task " + task + " slot " + slot + " holds no window "
                    + "state; was the task windowed when it was written?");
            }
            windows.restore(state == null ? null : ((Map<?, ?>) state).get(WINDOWS));
            state = state == null ? null : ((Map<?, ?>) state).get(PLUGIN);
        }
        if (input != null) {
            input.recover(state);
        }
        if (output != null) {
            output.recover(ownOutput ? state : read(fusedOutput, checkpoint, payload, layout, taskIndex, slot));
        }
        if (stateful) {
            logRecovery(checkpoint, payload, slot, (System.nanoTime() - startNs) / 1_000_000);
        }
        return true;
    }

    private void logRecovery(final Coordinate checkpoint, final List<Map<String, Object>> payload, final int slot,
                             final long ms) {
        final ResumeSource resume = checkpoint == null ? BarrierPayload.resume(payload, task) : null;
        if (checkpoint != null) {
            LOG.info("job {} task {} slot {}: recovered from checkpoint {}-{} ({} bytes) in {} ms", job, task, slot,
                checkpoint.version(), checkpoint.epoch(), restoredBytes, ms);
        } else if (resume != null) {
            LOG.info("job {} task {} slot {}: resumed from checkpoint {}-{} of job {} task {} ({} bytes) in {} ms",
                job, task, slot, resume.version(), resume.epoch(), resume.jobId(), resume.task(), restoredBytes, ms);
        } else {
            LOG.info("job {} task {} slot {}: starts from the beginning (the job has no complete checkpoint)", job,
                task, slot);
        }
    }

    /**
     * The state of one slot of a task (by its name in the job as submitted: a fused output's state is its own) at
     * the checkpoint, or from the checkpoint of the job it resumes from; null for a fresh start.
     */
    private Object read(final String name, final Coordinate checkpoint, final List<Map<String, Object>> payload,
                        final JobLayout layout, final int taskIndex, final int slot) throws Exception {
        final int now = layout.peers().get(taskIndex).size();
        if (checkpoint != null && checkpoint.slots().containsKey(name)) {
            final int then = checkpoint.slots().get(name);
            if (then != now) {
                throw new IllegalStateException("task " + name + " ran on " + then + " peers at checkpoint "
                    + checkpoint.version() + "-" + checkpoint.epoch() + " and has " + now + " now; a task whose "
                    + "plugin keeps state needs a fixed peer count (onyx/n-peers)");
            }
            return restore(new BlobKey(job, checkpoint.version(), checkpoint.epoch(), name, slot));
        }
        final ResumeSource resume = checkpoint == null ? BarrierPayload.resume(payload, name) : null;
        if (resume == null) {
            return null;
        }
        if (resume.slots() != now) {
            throw new IllegalStateException("task " + name + " resumes from task " + resume.task() + " of job "
                + resume.jobId() + ", which ran on " + resume.slots() + " peers; it has " + now);
        }
        return restore(resume.blob(slot));
    }

    private Object restore(final BlobKey key) throws Exception {
        final Checkpoints.Restored restored = services.checkpoints().restore(key);
        restoredBytes += restored.bytes();
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
     * when it has one, then a status owed.
     *
     * @param outputState the fused output's state (unused without one)
     */
    void take(final long epoch, final JobLayout layout, final int slot, final boolean stateful, final Object state,
              final Object outputState, final boolean sealing) {
        CompletableFuture<Void> written = stateful
            ? services.checkpoints().write(new BlobKey(job, layout.version(), epoch, task, slot), state) : NOTHING;
        if (fusedOutput != null) {
            written = CompletableFuture.allOf(written, services.checkpoints().write(new BlobKey(job,
                layout.version(), epoch, fusedOutput, slot), outputState));
        }
        pending.add(new Pending(epoch, written, sealing));
    }

    /**
     * The next status that can be sent, or null.
     *
     * @throws Exception when the snapshot could not be written, or the output could not be finished
     */
    Frame nextStatus(final JobLayout layout, final int source, final OutputPlugin output) throws Exception {
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
        return Frame.control(FrameType.STATUS, layout.jobKey(), layout.version(), source, head.epoch,
            head.sealing ? Frame.DRAINED : 0);
    }

    /**
     * Commits what the output prepared up to an announced complete checkpoint.
     *
     * @return the acknowledgement owed the coordinator when it announced the final checkpoint, else null
     * @throws Exception when the commit fails
     */
    Frame commit(final Frame announced, final InputPlugin input, final OutputPlugin output, final JobLayout layout,
                 final int source) throws Exception {
        if (input != null) {
            input.checkpointed(announced.epoch());
        }
        if (output != null) {
            output.checkpointed(announced.epoch());
        }
        return announced.has(Frame.COMPLETED) ? Frame.control(FrameType.STATUS, layout.jobKey(), layout.version(),
            source, announced.epoch(), Frame.COMMITTED) : null;
    }

    private record Pending(long epoch, CompletableFuture<Void> written, boolean sealing) {
    }
}
