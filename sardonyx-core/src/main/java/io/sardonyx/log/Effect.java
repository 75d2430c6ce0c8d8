package io.sardonyx.log;

/**
 * A side effect an entry asks of one observer, as a value: the pure log code decides, and only the observer's effect
 * executor acts (watches pulses, restarts, starts and stops tasks, moves the origin). Every executor implements
 * {@link Handler}, one method per kind of effect, so a new kind fails the build until each executor handles it.
 */
public sealed interface Effect {
    /** Has the handler perform this effect. */
    void performOn(Handler handler);

    /** What performs effects: the peer group, the client that writes a gc, the simulator. */
    interface Handler {
        void watchGroup(WatchGroup effect);

        void unwatchGroup(UnwatchGroup effect);

        void evictIfDead(EvictIfDead effect);

        void rejoinAfter(RejoinAfter effect);

        void restartGroup(RestartGroup effect);

        void restartPeer(RestartPeer effect);

        void startTask(StartTask effect);

        void stopTask(StopTask effect);

        void updateOrigin(UpdateOrigin effect);
    }

    /** Watch a group's pulse; when it is gone (or already is), write {@code group-leave-cluster} for it. */
    record WatchGroup(String group) implements Effect {
        @Override
        public void performOn(final Handler handler) {
            handler.watchGroup(this);
        }
    }

    /** Stop watching a group's pulse. */
    record UnwatchGroup(String group) implements Effect {
        @Override
        public void performOn(final Handler handler) {
            handler.unwatchGroup(this);
        }
    }

    /** If the group's pulse is already gone, write {@code group-leave-cluster} for it (no lasting watch). */
    record EvictIfDead(String group) implements Effect {
        @Override
        public void performOn(final Handler handler) {
            handler.evictIfDead(this);
        }
    }

    /** Write {@code prepare-join-cluster} for this group again after the delay (a failed join's back-off). */
    record RejoinAfter(long delayMs) implements Effect {
        @Override
        public void performOn(final Handler handler) {
            handler.rejoinAfter(this);
        }
    }

    /** This group was removed while alive: stop its peers and rejoin under a new group id. */
    record RestartGroup(String reason) implements Effect {
        @Override
        public void performOn(final Handler handler) {
            handler.restartGroup(this);
        }
    }

    /** This peer was removed while alive: restart it under a new peer id. */
    record RestartPeer(String peer, String reason) implements Effect {
        @Override
        public void performOn(final Handler handler) {
            handler.restartPeer(this);
        }
    }

    /** Start running a task on this peer. */
    record StartTask(String peer, TaskRef task, long allocationVersion) implements Effect {
        @Override
        public void performOn(final Handler handler) {
            handler.startTask(this);
        }
    }

    /** Stop the task this peer runs. */
    record StopTask(String peer, TaskRef task, StopReason reason) implements Effect {
        @Override
        public void performOn(final Handler handler) {
            handler.stopTask(this);
        }
    }

    /** Make the log's origin the replica after this entry (a gc entry) and delete the entries before it. */
    record UpdateOrigin(long messageId) implements Effect {
        @Override
        public void performOn(final Handler handler) {
            handler.updateOrigin(this);
        }
    }

    /** Why a peer stops its task. */
    enum StopReason { PEER_REALLOCATED, PEER_LEFT, JOB_KILLED, JOB_COMPLETED }
}
