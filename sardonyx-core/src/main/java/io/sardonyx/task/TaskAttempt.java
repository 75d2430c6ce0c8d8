package io.sardonyx.task;

import io.sardonyx.job.Job;
import io.sardonyx.log.Replica;
import io.sardonyx.log.TaskRef;
import io.sardonyx.messaging.Frame;
import io.sardonyx.messaging.FrameType;
import io.sardonyx.messaging.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of a task on a peer: everything that holds for one allocation version of the job, built whole when the
 * version changes and dropped whole at the next change. Nothing in it is reassigned; the coordinator, when this peer
 * coordinates the job, keeps its own state for the attempt's life. Owned by the task's thread.
 */
final class TaskAttempt implements AutoCloseable {
    /** Under the agent's name: an attempt's start is the task's. */
    private static final Logger LOG = LoggerFactory.getLogger(TaskAgent.class);

    /** The layout, the task's index in it and this peer's slot. */
    final TaskSlot where;
    /** Per downstream task (layout order), per peer (slot order). */
    final Outbox[][] downstream;
    final Outbox toCoordinator;
    final BatchApplier applier;
    /** The job's coordinator when this peer is it at this version, or null. */
    final JobCoordinator coordinator;
    private final TaskRoutes routes;

    private TaskAttempt(final TaskSlot where, final TaskRoutes routes, final BatchApplier applier,
                        final JobCoordinator coordinator) {
        this.where = where;
        this.routes = routes;
        this.downstream = routes.downstream;
        this.toCoordinator = routes.toCoordinator;
        this.applier = applier;
        this.coordinator = coordinator;
    }

    /**
     * Builds the task's attempt on the job's current allocation version: opens its routes and builds its applier and,
     * on the coordinating peer, its coordinator.
     *
     * @return the attempt, or null when the layout is not complete or this peer has no slot on the task in it
     * @throws IllegalStateException naming a peer the replica has no site for; nothing stays open
     */
    static TaskAttempt open(final TaskServices services, final String peer, final TaskRef ref, final Job job,
                            final TaskFunction fn, final long nowNs) {
        final JobLayout layout = JobLayout.of(services.replica(), ref.job(), job);
        if (layout == null || !layout.complete()) {
            return null;
        }
        final int taskIndex = layout.taskIndex(ref.task());
        final TaskSlot where = new TaskSlot(layout, taskIndex, layout.peers().get(taskIndex).indexOf(peer));
        if (where.slot() < 0) {
            return null;
        }
        LOG.info("job {} task {} slot {}: starts on peer {} (allocation {})", ref.job(), ref.task(), where.slot(),
            peer, where.version());
        final TaskRoutes routes = new TaskRoutes(services, peer, layout, taskIndex);
        try {
            final BatchApplier applier = BatchApplier.of(job, ref.task(), fn, layout, taskIndex, routes.peerCounts(),
                where.slot(), services.code());
            final Object period = job.jobConfig().get("onyx.peer/coordinator-barrier-period-ms");
            final JobCoordinator coordinator = routes.toInputs.isEmpty() ? null
                : new JobCoordinator(layout, where.source(), period instanceof Long p && p > 0 ? p
                    : services.settings().barrierPeriodMs(),
                    new JobCoordinator.Routes(routes.toInputs, routes.toTerminals), layout.statefulTasks(job),
                    job.keyGroups(), nowNs, new CoordinatorActions(services, ref.job(), where.version(), job));
            return new TaskAttempt(where, routes, applier, coordinator);
        } catch (final RuntimeException e) {
            routes.close();
            throw e;
        }
    }

    /** What a task does with a frame from its inbox. */
    enum Verdict {
        /** It belongs to this attempt: take it. */
        TAKE,
        /** It belongs to an attempt that is over: drop it. */
        DROP,
        /** It may belong to an attempt still to come (a newer version, the next task here): leave it for later. */
        LEAVE
    }

    /**
     * Screens a frame: one of another job is left when its sender is ahead of this group's log or this peer is moving
     * to another task (it may be for the next task here), and dropped otherwise; one of an older version is dropped,
     * one of a newer version is left.
     */
    Verdict screen(final Frame frame, final Replica replica, final TaskRef ref, final String peer) {
        final JobLayout layout = where.layout();
        if (frame.jobKey() != layout.jobKey()) {
            return frame.version() > replica.version() || !ref.equals(replica.allocations().taskOf(peer))
                ? Verdict.LEAVE : Verdict.DROP;
        }
        if (frame.version() == layout.version()) {
            return Verdict.TAKE;
        }
        return frame.version() > layout.version() ? Verdict.LEAVE : Verdict.DROP;
    }

    /** True when this attempt is the job's (by key) at the allocation version. */
    boolean is(final long jobKey, final long version) {
        return jobKey == where.layout().jobKey() && version == where.version();
    }

    /** Hands a status or an input's running out to the coordinator, when this peer is it; always takes the frame. */
    boolean coordinate(final Frame frame) {
        if (coordinator != null) {
            if (frame.type() == FrameType.STATUS) {
                coordinator.onStatus(frame);
            } else if (frame.type() == FrameType.INPUT_EXHAUSTED) {
                coordinator.onInputExhausted();
            }
        }
        return true;
    }

    /** True when the task sends nowhere: it is a terminal task of the job. */
    boolean terminal() {
        return downstream.length == 0;
    }

    @Override
    public void close() {
        routes.close();
    }
}
