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
            action = lifecycles == null ? ExceptionAction.KILL : lifecycles.handleException(event, phase, t);
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

    /** Kills the job, recording what happened with its stack trace. */
    void kill(final String what, final Throwable t, final long version) {
        LOG.error("{} on peer {}; killing job {}", what, peer, ref.job(), t);
        services.killJob(ref.job(), version, what + ": " + Lifecycles.stackTrace(t));
    }

    /** Restarts the peer under a new id; the job rolls back to its last checkpoint. */
    void restart(final String why, final long version) {
        LOG.warn("task {} on peer {}: {}; restarting the peer", ref.task(), peer, why);
        services.restartPeer(peer, ref.job(), version, why);
    }
}
