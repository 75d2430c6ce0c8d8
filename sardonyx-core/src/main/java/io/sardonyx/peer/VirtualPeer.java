package io.sardonyx.peer;

import io.sardonyx.threads.DaemonThreads;
import io.sardonyx.job.Job;
import io.sardonyx.log.Effect;
import io.sardonyx.log.TaskRef;
import io.sardonyx.messaging.Inbox;
import io.sardonyx.task.TaskAgent;
import io.sardonyx.task.TaskServices;
import org.agrona.concurrent.AgentRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One virtual peer of a group: its inbox, which lives as long as the peer, and the task agent it runs now (at
 * most one), each on its own thread. Started and stopped from the group's log thread only.
 */
final class VirtualPeer {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualPeer.class);
    private static final long STOP_PATIENCE_MS = 2_000;

    private final String id;
    private final Inbox inbox;
    private TaskAgent agent;
    private AgentRunner runner;

    VirtualPeer(final String id, final Inbox inbox) {
        this.id = id;
        this.inbox = inbox;
    }

    String id() {
        return id;
    }

    Inbox inbox() {
        return inbox;
    }

    /** The agent it runs, or null. */
    synchronized TaskAgent agent() {
        return agent;
    }

    /** Runs the task on a new thread, stopping the one it ran (as reallocated) first. */
    synchronized boolean start(final TaskServices services, final TaskRef task, final Job job,
                               final long idleMaxParkNs) {
        if (!stop(Effect.StopReason.PEER_REALLOCATED)) {
            return false;
        }
        agent = new TaskAgent(services, id, task, job, inbox);
        runner = new AgentRunner(new WakeableIdle(inbox.doorbell(), idleMaxParkNs),
            e -> LOG.error("task {} on peer {} failed", task, id, e), null, agent);
        AgentRunner.startOnThread(runner, DaemonThreads.factory("sardonyx-task"));
        LOG.debug("peer {} starts task {} of job {}", id, task.task(), task.job());
        return true;
    }

    /**
     * Stops its task, if it runs one; after-task-stop sees the reason.
     *
     * @return false when the task's thread did not stop in time (user code ignoring interrupts): the peer must not
     *         run another task, since its inbox has one reader
     */
    synchronized boolean stop(final Effect.StopReason reason) {
        boolean stopped = true;
        if (agent != null) {
            agent.stopReason(reason);
            stopped = closeWithin(runner, agent, STOP_PATIENCE_MS);
            LOG.info("job {} task {} slot {}: stops on peer {} ({})", agent.task().job(), agent.task().task(),
                agent.slot(), id, reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            agent = null;
            runner = null;
        }
        return stopped;
    }

    /**
     * Stops the agent's thread, waiting a bounded time: user code that ignores interrupts must not freeze the
     * group's log thread. A thread that does not stop is reported and left behind.
     */
    private static boolean closeWithin(final AgentRunner runner, final TaskAgent agent, final long patienceMs) {
        final Thread closer = DaemonThreads.thread("sardonyx-stop-" + agent.roleName(), runner::close);
        closer.start();
        try {
            closer.join(patienceMs);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.error("task {} on peer {} did not stop within {} ms (user code ignoring interrupts?); leaving its "
                + "thread behind", agent.task(), agent.peer(), patienceMs);
            return false;
        }
        return true;
    }

    /** Stops its task and closes its inbox (unless a stuck thread may still read it): the peer is gone. */
    synchronized void close() {
        if (stop(Effect.StopReason.PEER_LEFT)) {
            inbox.close();
        }
    }
}
