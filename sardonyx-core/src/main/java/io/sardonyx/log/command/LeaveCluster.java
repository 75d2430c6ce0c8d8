package io.sardonyx.log.command;

import io.sardonyx.log.Diff;
import io.sardonyx.log.Effect;
import io.sardonyx.log.Observer;
import io.sardonyx.log.Replica;
import io.sardonyx.schedule.Scheduler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One virtual peer leaves (it stopped, or stopped heart-beating and was evicted). A grouped task with flux
 * policy kill that loses it kills its job. A live evicted peer restarts under a new id. A duplicate is a no-op.
 *
 * @param id      the peer
 * @param groupId its group
 */
public record LeaveCluster(String id, String groupId) implements LogCommand {
    public static final String NAME = "leave-cluster";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> args() {
        final Map<String, Object> args = new LinkedHashMap<>();
        args.put("id", id);
        args.put("group-id", groupId);
        return args;
    }

    @Override
    public Replica apply(final Replica replica) {
        if (!replica.membership().peerInfo().containsKey(id)) {
            return replica;
        }
        final Replica flux = Departures.enforceFluxPolicies(replica, List.of(id));
        return Scheduler.reconfigure(flux.withMembership(flux.membership().toBuilder().removePeer(id).build()));
    }

    @Override
    public Diff diff(final Replica before, final Replica after) {
        return before.membership().peerInfo().containsKey(id) ? Diff.of("died", id) : Diff.NONE;
    }

    @Override
    public List<Effect> effects(final Replica before, final Replica after, final Diff diff, final Observer o) {
        final List<Effect> effects = new ArrayList<>(TaskEffects.of(before, after, o));
        if (o.kind() == Observer.Kind.PEER && o.id().equals(id) && !diff.none()) {
            effects.add(new Effect.RestartPeer(id, "this peer was removed from the cluster while alive"));
        }
        return effects;
    }
}
