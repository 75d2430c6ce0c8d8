package io.sardonyx.log.command;

import io.sardonyx.log.Diff;
import io.sardonyx.log.Effect;
import io.sardonyx.log.Membership;
import io.sardonyx.log.Observer;
import io.sardonyx.log.Replica;
import io.sardonyx.log.Ring;
import io.sardonyx.schedule.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A peer group asks to join. The first group joins at once; a later one is given a watcher among the joined
 * groups, chosen as {@code sorted(candidates)[messageId mod n]} so every replica chooses the same, skipping groups
 * busy with another join. With no candidate the joiner is aborted and retries.
 *
 * @param joiner the joining group
 */
public record PrepareJoinCluster(String joiner) implements LogCommand {
    public static final String NAME = "prepare-join-cluster";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> args() {
        return Map.of("joiner", joiner);
    }

    @Override
    public Replica apply(final Replica replica) {
        final Membership m = replica.membership();
        if (m.left().contains(joiner) || joinedOrJoining(m, joiner)) {
            return replica;
        }
        final Membership.Builder b = m.toBuilder();
        if (m.groups().isEmpty()) {
            b.groups().add(joiner);
            b.aborted().remove(joiner);
            b.promoteOrphans(joiner);
            return Scheduler.reconfigure(replica.withMembership(b.build()));
        }
        final List<String> candidates = candidates(m.ring(), m.groups());
        if (candidates.isEmpty()) {
            b.aborted().add(joiner);
        } else {
            final String watcher = candidates.get((int) Math.floorMod(replica.version(), (long) candidates.size()));
            b.prepared().put(watcher, joiner);
            b.aborted().remove(joiner);
        }
        return replica.withMembership(b.build());
    }

    static boolean joinedOrJoining(final Membership m, final String group) {
        return m.groups().contains(group) || m.ring().prepared().containsValue(group)
            || m.ring().accepted().containsValue(group);
    }

    /** Joined groups not busy with another join, sorted. */
    private List<String> candidates(final Ring ring, final List<String> groups) {
        final TreeSet<String> candidates = new TreeSet<>(ring.pairs().keySet());
        candidates.addAll(groups);
        candidates.removeAll(disallowed(ring));
        candidates.remove(joiner);
        return new ArrayList<>(candidates);
    }

    /** Groups preparing or accepting a joiner, and the groups watching those preparing. */
    private static TreeSet<String> disallowed(final Ring ring) {
        final TreeSet<String> busy = new TreeSet<>(ring.prepared().keySet());
        busy.addAll(ring.accepted().keySet());
        for (final String preparing : ring.prepared().keySet()) {
            final String watcher = ring.watcherOf(preparing);
            if (watcher != null) {
                busy.add(watcher);
            }
        }
        return busy;
    }

    @Override
    public Diff diff(final Replica before, final Replica after) {
        if (before.membership().groups().isEmpty() && after.membership().groups().size() == 1) {
            return Diff.of("instant-join", joiner);
        }
        final String watcher = after.membership().ring().preparedWatcherOf(joiner);
        if (watcher != null && !watcher.equals(before.membership().ring().preparedWatcherOf(joiner))) {
            return Diff.of("observer", watcher, "subject", joiner);
        }
        return Diff.NONE;
    }

    @Override
    public List<LogCommand> reactions(final Replica before, final Replica after, final Diff diff,
                                      final Observer observer) {
        if (observer.kind() != Observer.Kind.GROUP || joinedOrJoining(before.membership(), joiner)
            || before.membership().left().contains(joiner)) {
            return List.of();
        }
        if (observer.isGroup(joiner) && diff.none()) {
            return List.of(new AbortJoinCluster(joiner));
        }
        if (observer.isGroup(diff.string("observer"))) {
            return List.of(new NotifyJoinCluster(joiner));
        }
        return List.of();
    }

    @Override
    public List<Effect> effects(final Replica before, final Replica after, final Diff diff, final Observer observer) {
        final List<Effect> effects = new ArrayList<>(TaskEffects.of(before, after, observer));
        if (observer.kind() != Observer.Kind.GROUP || joinedOrJoining(before.membership(), joiner)) {
            return effects;
        }
        final String watcher = diff.string("observer");
        if (observer.isGroup(joiner) && diff.none() && !after.membership().joined(joiner)) {
            // Progress after a total failure: if a group blocking every join is dead, evict it.
            final List<String> busy = new ArrayList<>(disallowed(after.membership().ring()));
            if (!busy.isEmpty()) {
                effects.add(new Effect.EvictIfDead(busy.get((int) Math.floorMod(after.version(), (long) busy.size()))));
            }
        } else if (observer.isGroup(watcher)) {
            effects.add(new Effect.WatchGroup(joiner));
        } else if (observer.isGroup(joiner) && watcher != null) {
            effects.add(new Effect.WatchGroup(watcher));
        }
        return effects;
    }
}
