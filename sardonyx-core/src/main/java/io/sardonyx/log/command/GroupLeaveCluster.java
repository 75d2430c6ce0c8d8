package io.sardonyx.log.command;

import io.sardonyx.log.Diff;
import io.sardonyx.log.Effect;
import io.sardonyx.log.Membership;
import io.sardonyx.log.Observer;
import io.sardonyx.log.Replica;
import io.sardonyx.schedule.Scheduler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A peer group is gone (its pulse vanished, or it stopped cleanly): it and all its peers leave, the ring closes
 * over it (its watcher now watches its subject), joins it was helping are aborted, and its id is never accepted
 * again. A duplicate is a no-op.
 *
 * @param id    the departed group
 * @param clean true when the group wrote it itself as it stopped (it left); false when its watcher saw its pulse
 *              vanish (it died)
 */
public record GroupLeaveCluster(String id, boolean clean) implements LogCommand {
    public static final String NAME = "group-leave-cluster";

    /** A group that died: its watcher writes its leave. */
    public GroupLeaveCluster(final String id) {
        this(id, false);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> args() {
        return clean ? Map.of("id", id, "clean", true) : Map.of("id", id);
    }

    @Override
    public Replica apply(final Replica replica) {
        final Membership m = replica.membership();
        if (m.left().contains(id)) {
            return replica;
        }
        final Membership.Builder b = m.toBuilder();
        final List<String> peers = b.peersOf(id);
        final Replica flux = Departures.enforceFluxPolicies(replica, peers);
        final String watcher = m.ring().watcherOf(id);
        final String subject = m.ring().pairs().get(id);
        b.groups().remove(id);
        peers.forEach(b::removePeer);
        helped(m).forEach(b.aborted()::add);
        b.prepared().remove(id);
        b.accepted().remove(id);
        b.prepared().values().remove(id);
        b.accepted().values().remove(id);
        b.pairs().remove(id);
        if (watcher != null && subject != null) {
            if (watcher.equals(subject)) {
                b.pairs().remove(watcher);
            } else {
                b.pairs().put(watcher, subject);
            }
        }
        b.aborted().remove(id);
        b.left().add(id);
        return Scheduler.reconfigure(flux.withMembership(b.build()));
    }

    /** The joiners this group was preparing or accepting. */
    private List<String> helped(final Membership m) {
        final List<String> joiners = new ArrayList<>(2);
        if (m.ring().prepared().containsKey(id)) {
            joiners.add(m.ring().prepared().get(id));
        }
        if (m.ring().accepted().containsKey(id)) {
            joiners.add(m.ring().accepted().get(id));
        }
        return joiners;
    }

    @Override
    public Diff diff(final Replica before, final Replica after) {
        if (before.membership().left().contains(id)) {
            return Diff.NONE;
        }
        final String watcher = before.membership().ring().watcherOf(id);
        final String subject = before.membership().ring().pairs().get(id);
        if (watcher != null && subject != null && !watcher.equals(subject)) {
            final Map<String, Object> watch = new LinkedHashMap<>();
            watch.put("observer", watcher);
            watch.put("subject", subject);
            return Diff.of(clean ? "left" : "died", id, "updated-watch", watch);
        }
        return Diff.of(clean ? "left" : "died", id);
    }

    @Override
    public List<LogCommand> reactions(final Replica before, final Replica after, final Diff diff,
                                      final Observer o) {
        if (o.kind() == Observer.Kind.GROUP && !diff.none() && helped(before.membership()).contains(o.id())
            && !after.membership().joined(o.id())) {
            return List.of(new AbortJoinCluster(o.id()));
        }
        return List.of();
    }

    @Override
    public List<Effect> effects(final Replica before, final Replica after, final Diff diff, final Observer o) {
        final List<Effect> effects = new ArrayList<>(TaskEffects.of(before, after, o));
        if (o.kind() != Observer.Kind.GROUP || diff.none()) {
            return effects;
        }
        if (o.isGroup(id)) {
            effects.add(new Effect.RestartGroup("this group was removed from the cluster while alive"));
            return effects;
        }
        final Membership m = before.membership();
        if (o.id().equals(m.ring().watcherOf(id)) || o.id().equals(m.ring().preparedWatcherOf(id))
            || o.id().equals(m.ring().acceptedWatcherOf(id)) || o.id().equals(m.ring().pairs().get(id))) {
            effects.add(new Effect.UnwatchGroup(id));
        }
        if (diff.values().get("updated-watch") instanceof Map<?, ?> watch
            && o.isGroup((String) watch.get("observer"))) {
            // Watching the next group closes the ring; if it is dead too, its leave follows at once (cascade).
            effects.add(new Effect.WatchGroup((String) watch.get("subject")));
        }
        return effects;
    }
}
