package io.sardonyx.log.command;

import io.sardonyx.log.Effect;
import io.sardonyx.log.Observer;
import io.sardonyx.log.Replica;
import io.sardonyx.log.TaskRef;
import java.util.ArrayList;
import java.util.List;

/** The effects every entry has on a peer: stop the task it no longer runs, start the one it now runs. */
final class TaskEffects {
    private TaskEffects() {
    }

    static List<Effect> of(final Replica before, final Replica after, final Observer observer) {
        if (observer.kind() != Observer.Kind.PEER) {
            return List.of();
        }
        final String peer = observer.id();
        final TaskRef was = before.allocations().taskOf(peer);
        final TaskRef now = after.allocations().taskOf(peer);
        final List<Effect> effects = new ArrayList<>(2);
        if (was != null && !was.equals(now)) {
            effects.add(new Effect.StopTask(peer, was, reason(after, was.job(), peer)));
        }
        if (now != null && !now.equals(was)) {
            effects.add(new Effect.StartTask(peer, now, after.allocations().versions().get(now.job())));
        }
        return effects;
    }

    private static Effect.StopReason reason(final Replica after, final String job, final String peer) {
        if (after.jobs().killed().contains(job)) {
            return Effect.StopReason.JOB_KILLED;
        }
        if (after.jobs().completed().contains(job)) {
            return Effect.StopReason.JOB_COMPLETED;
        }
        if (!after.membership().peerInfo().containsKey(peer)) {
            return Effect.StopReason.PEER_LEFT;
        }
        return Effect.StopReason.PEER_REALLOCATED;
    }
}
