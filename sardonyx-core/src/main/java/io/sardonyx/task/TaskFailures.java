package io.sardonyx.task;

import io.sardonyx.api.ExceptionAction;
import io.sardonyx.log.TaskRef;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a task does when it fails: handle-exception decides (kill when every lifecycle defers, or when deciding
 * throws), and the peer group restarts the peer or kills the job, at the task's allocation version. Called from the
 * task's thread only.
 */
final class TaskFailures {
    private static final Logger LOG = LoggerFactory.getLogger(TaskFailures.class);

    private final TaskServices services;
    private final TaskRef ref;
    private final String peer;
    private TaskFunction fn;
    /** The allocation version the last failure was decided at, or -1. */
    private long failedAt = -1;

    TaskFailures(final TaskServices services, final TaskRef ref, final String peer) {
        this.services = services;
        this.ref = ref;
        this.peer = peer;
    }

    /** The task's function, so a failure in a fused function names the task it came from; returns it. */
    TaskFunction function(final TaskFunction function) {
        this.fn = function;
        return function;
    }

    /**
     * Asks handle-exception what to do about an exception in a phase, and does it.
     *
     * @param lifecycles the task's lifecycles, or null before they are made (the job is then killed)
     * @param version    the task's allocation version, or -1 before it has one
     */
    void onException(final Lifecycles lifecycles, final Map<String, Object> event, final String phase,
                     final Throwable t, final long version) {
        ExceptionAction action;
        try {
            action = lifecycles == null || t instanceof io.sardonyx.api.UnrecoverableException ? ExceptionAction.KILL
                : lifecycles.handleException(event, phase, t);
        } catch (final RuntimeException e) {
            t.addSuppressed(e);
            action = ExceptionAction.KILL;
        }
        final String thrower = fn != null && Lifecycles.APPLY_FN.equals(phase) ? fn.thrower() : ref.task();
        final String what = "task " + thrower + " threw in " + phase
            + (thrower.equals(ref.task()) ? "" : " (fused into task " + ref.task() + ")");
        if (action == ExceptionAction.RESTART) {
            restart(what + ": " + t, version);
        } else {
            kill(what, t, version);
        }
    }

    /**
     * Records the allocation version a failure was decided at: the kill or restart it asked for names it, and the log
     * ignores one whose job has moved on.
     */
    void failedAt(final long version) {
        failedAt = version;
    }

    /**
     * True, once, when the job has moved past the allocation a failure was decided at: the kill it asked for
     * reached the log after the job left that allocation (a restart of another peer, a group that joined or left)
     * and was ignored, and a peer that keeps its task gets no new agent, so the task must start over on the new
     * allocation as every other task does (if it fails again, handle-exception decides again). The replica applies
     * entries in log order: it shows a newer version only when the kill came after it.
     *
     * @param version the job's allocation version in the replica, or null when the job is not running
     */
    boolean superseded(final Long version) {
        if (failedAt < 0 || version == null || version == failedAt) {
            return false;
        }
        LOG.info("job {} task {} on peer {}: failed at allocation {}, but the job has moved to {}; starting over",
            ref.job(), ref.task(), peer, failedAt, version);
        failedAt = -1;
        return true;
    }

    /** Kills the job, recording what happened with its stack trace. */
    void kill(final String what, final Throwable t, final long version) {
        failedAt = version;
        // One line: the reason, with its stack trace, is recorded beside the job (run and jobs show it).
        LOG.warn("{} on peer {}; killing job {}: {}", what, peer, ref.job(), t.toString());
        LOG.debug("the stack trace of the failure that kills job {}", ref.job(), t);
        services.killJob(ref.job(), version, what + ": " + Lifecycles.stackTrace(t));
    }

    /** Restarts the peer under a new id; the job rolls back to its last checkpoint. */
    void restart(final String why, final long version) {
        failedAt = version;
        LOG.warn("task {} on peer {}: {}; restarting the peer", ref.task(), peer, why);
        services.restartPeer(peer, ref.job(), version, why);
    }
}
