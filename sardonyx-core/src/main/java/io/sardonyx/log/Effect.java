package io.sardonyx.log;

/**
 * A side effect an entry asks of one observer, as a value: the pure log code decides, and only the peer group's
 * effect executor acts (watches pulses, restarts, starts and stops tasks).
 */
public sealed interface Effect {
    /** Watch a group's pulse; when it is gone (or already is), write {@code group-leave-cluster} for it. */
    record WatchGroup(String group) implements Effect {
    }

    /** Stop watching a group's pulse. */
    record UnwatchGroup(String group) implements Effect {
    }

    /** If the group's pulse is already gone, write {@code group-leave-cluster} for it (no lasting watch). */
    record EvictIfDead(String group) implements Effect {
    }

    /** Write {@code prepare-join-cluster} for this group again after the delay (a failed join's back-off). */
    record RejoinAfter(long delayMs) implements Effect {
    }

    /** This group was removed while alive: stop its peers and rejoin under a new group id. */
    record RestartGroup(String reason) implements Effect {
    }

    /** This peer was removed while alive: restart it under a new peer id. */
    record RestartPeer(String peer, String reason) implements Effect {
    }

    /** Start running a task on this peer. */
    record StartTask(String peer, TaskRef task, long allocationVersion) implements Effect {
    }

    /** Stop the task this peer runs. */
    record StopTask(String peer, TaskRef task, StopReason reason) implements Effect {
    }

    /** Make the log's origin this replica (written after a gc entry) and delete the entries before it. */
    record UpdateOrigin(long messageId) implements Effect {
    }

    /** Why a peer stops its task. */
    enum StopReason { PEER_REALLOCATED, PEER_LEFT, JOB_KILLED, JOB_COMPLETED }
}
