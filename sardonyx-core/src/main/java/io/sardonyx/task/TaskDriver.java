package io.sardonyx.task;

import io.sardonyx.api.StateEvent;
import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.log.TaskRef;
import io.sardonyx.messaging.Frame;
import io.sardonyx.messaging.FrameType;
import io.sardonyx.messaging.Outbox;
import io.sardonyx.plugin.OutputPlugin;
import io.sardonyx.plugin.PluginContext;
import io.sardonyx.window.WindowExecutor;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The side of a task that takes in segments and barriers, chosen once when the task starts: an {@link InputDriver}
 * reads its input plugin and passes the coordinator's barriers on after the batch read before them; an
 * {@link UpstreamDriver} takes upstream peers' segments and aligns their barriers. What both do at a barrier
 * (recover on a version's first, forward it, snapshot) and after one (send the statuses owed, commit what the
 * coordinator announced) is here. Owned by the task's thread.
 */
abstract sealed class TaskDriver permits InputDriver, UpstreamDriver {
    private static final Logger LOG = LoggerFactory.getLogger(TaskDriver.class);

    /** What every driver is made with. */
    record Parts(TaskServices services, Job job, Task task, TaskParts parts, TaskPipeline pipeline,
                 TaskSnapshots snapshots, TaskMetrics metrics, TaskStops stops) {
    }

    final TaskServices services;
    final Job job;
    final Task task;
    final TaskPipeline pipeline;
    final TaskSnapshots snapshots;
    final TaskMetrics metrics;
    final TaskStops stops;
    final OutputPlugin output;
    /** The catalog entry the output plugin is made from: the task's own, or its fused output's. */
    final Task outputTask;
    final WindowExecutor windows;
    /** The latest checkpoint the coordinator announced complete, not yet committed. */
    private Frame checkpointed;

    TaskDriver(final Parts p) {
        this.services = p.services;
        this.job = p.job;
        this.task = p.task;
        this.pipeline = p.pipeline;
        this.snapshots = p.snapshots;
        this.metrics = p.metrics;
        this.stops = p.stops;
        this.output = p.parts.output;
        this.outputTask = p.parts.outputTask;
        this.windows = p.parts.windows;
    }

    /**
     * The driver a task's parts call for (an input's, or one that takes from upstream peers), with its pipeline and
     * its side of checkpoints.
     *
     * @param event the task's event map, which the hooks see
     */
    static TaskDriver of(final TaskServices services, final Job job, final TaskRef ref, final TaskParts parts,
                         final Map<String, Object> event, final TaskMetrics metrics, final TaskStops stops) {
        final Task task = job.task(ref.task()).orElseThrow();
        final Parts p = new Parts(services, job, task, parts, new TaskPipeline(services, task, event, parts, metrics,
            stops), new TaskSnapshots(services, ref.job(), task, job.keyGroups(), parts.input, parts.output,
            parts.windows), metrics, stops);
        return parts.input != null ? new InputDriver(p) : new UpstreamDriver(p);
    }

    /**
     * Starts the task over on a new attempt: nothing is in flight, and the plugins start again and recover when the
     * version's first barrier names the checkpoint to return to.
     */
    void restart(final TaskAttempt attempt) throws Exception {
        pipeline.clear();
        checkpointed = null;
        snapshots.reset();
        if (output != null) {
            output.close();
            output.start(context(attempt, outputTask));
        }
    }

    /** One step of taking in: read or pass a barrier. */
    abstract int run(TaskAttempt attempt, long nowNs) throws Exception;

    /** Takes segments from an upstream peer; false to leave them for later. */
    abstract boolean onSegments(Frame frame);

    /** Takes a barrier; false to leave it for later. */
    abstract boolean onBarrier(Frame frame);

    /** The coordinator announced a checkpoint complete: it is committed in the next cycle. Takes the frame. */
    final boolean onCheckpointed(final Frame frame) {
        checkpointed = frame;
        return true;
    }

    /** Sends the statuses whose snapshots are durable, in epoch order, then commits an announced checkpoint. */
    final int settle(final TaskAttempt attempt) throws Exception {
        int work = 0;
        for (Frame status = snapshots.nextStatus(attempt.where); status != null;
             status = snapshots.nextStatus(attempt.where)) {
            pipeline.queue(attempt.toCoordinator, status);
            work++;
        }
        if (work > 0) {
            pipeline.flush();
        }
        return work + commit(attempt);
    }

    /** Commits what the output prepared up to the announced checkpoint; acknowledges the final one. */
    private int commit(final TaskAttempt attempt) throws Exception {
        final Frame announced = checkpointed;
        if (announced == null) {
            return 0;
        }
        checkpointed = null;
        final Frame ack = snapshots.commit(announced, attempt.where);
        if (windows != null
            && !pipeline.windowed(attempt, w -> w.onEvent(StateEvent.Type.CHECKPOINTED, services.epochMillis()))) {
            return 1;
        }
        if (ack != null) {
            pipeline.queue(attempt.toCoordinator, ack);
            pipeline.flush();
        }
        return 1;
    }

    /**
     * True once the plugins and windows hold the state the version's first barrier names; false while it is being
     * read (off this thread), or when the task stopped (its attempt is stale, or the windows' recovered event threw).
     *
     * @throws RecoveryException when the state cannot be read or restored
     */
    final boolean recovered(final TaskAttempt attempt, final List<Map<String, Object>> payload)
        throws RecoveryException {
        if (snapshots.recovered()) {
            return true;
        }
        final TaskSnapshots.Recovery recovery;
        try {
            recovery = snapshots.recover(payload, attempt.where);
        } catch (final Exception e) {
            throw new RecoveryException("task " + task.name() + " slot " + attempt.where.slot() + " could not recover: "
                + e, e);
        }
        switch (recovery) {
            case READING:
                return false;
            case STALE:
                LOG.info("task {}: allocation {} of job {} is stale; the task stops", task.name(),
                    attempt.where.version(), attempt.where.layout().jobId());
                stops.stale();
                return false;
            default:
                return windows == null || pipeline.windowed(attempt,
                    w -> w.onEvent(StateEvent.Type.RECOVERED, services.epochMillis()));
        }
    }

    /** Sends the barrier to every downstream peer at once: they align and snapshot while this task takes its own. */
    final void forward(final TaskAttempt attempt, final long epoch, final boolean completed,
                       final List<Map<String, Object>> payload) {
        final JobLayout layout = attempt.where.layout();
        for (final Outbox[] peers : attempt.downstream) {
            for (final Outbox o : peers) {
                pipeline.queue(o, new Frame(FrameType.BARRIER, layout.jobKey(), layout.version(),
                    attempt.where.source(), epoch, completed ? Frame.COMPLETED : 0, payload));
            }
        }
        pipeline.flush();
    }

    /**
     * Drops a barrier whose epoch jumps: epochs go one by one from 1 at every allocation version, so it came from no
     * coordinator (a forged or corrupt frame) and would stall checkpoints for good. Counted and logged.
     */
    final void jumped(final Frame frame) {
        metrics.dropped();
        LOG.warn("task {}: dropped a barrier of epoch {} from source {}, which jumps past the next epoch; no "
            + "coordinator sent it", task.name(), frame.epoch(), frame.source());
    }

    /** What a plugin made from a catalog entry (the task's, or its fused output's) is started with. */
    final PluginContext context(final TaskAttempt attempt, final Task entry) {
        return new PluginContext(attempt.where.layout().jobId(), entry, attempt.where.slot(), attempt.where.peers(),
            job.keyGroups(), services.resources(), services.code(), attempt.where.version(), services.meters());
    }

    /** Closes the plugins and windows. */
    abstract void close();
}
