package io.sardonyx.log.command;

import io.sardonyx.log.Diff;
import io.sardonyx.log.Effect;
import io.sardonyx.log.Membership;
import io.sardonyx.log.Observer;
import io.sardonyx.log.Replica;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The watcher chosen for a joiner has started watching it: the join moves from prepared to accepted, and the
 * joiner learns which group it will watch (its watcher's current subject, or the watcher itself in a one-group
 * cluster).
 *
 * @param joiner the joining group (Onyx calls this argument {@code observer})
 */
public record NotifyJoinCluster(String joiner) implements LogCommand {
    public static final String NAME = "notify-join-cluster";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> args() {
        return Map.of("observer", joiner);
    }

    @Override
    public Replica apply(final Replica replica) {
        final Membership m = replica.membership();
        final String watcher = m.ring().preparedWatcherOf(joiner);
        if (watcher == null || m.joined(joiner)) {
            return replica;
        }
        final Membership.Builder b = m.toBuilder();
        b.prepared().remove(watcher);
        b.accepted().put(watcher, joiner);
        return replica.withMembership(b.build());
    }

    @Override
    public Diff diff(final Replica before, final Replica after) {
        final String watcher = after.membership().ring().acceptedWatcherOf(joiner);
        if (watcher == null || watcher.equals(before.membership().ring().acceptedWatcherOf(joiner))) {
            return Diff.NONE;
        }
        final String subject = after.membership().ring().pairs().getOrDefault(watcher, watcher);
        return Diff.of("observer", joiner, "subject", subject, "accepted-observer", watcher,
            "accepted-joiner", joiner);
    }

    @Override
    public List<LogCommand> reactions(final Replica before, final Replica after, final Diff diff,
                                      final Observer observer) {
        if (!observer.isGroup(joiner)) {
            return List.of();
        }
        if (!diff.none()) {
            return List.of(new AcceptJoinCluster(joiner, diff.string("subject"), diff.string("accepted-observer"),
                joiner));
        }
        return after.membership().joined(joiner) ? List.of() : List.of(new AbortJoinCluster(joiner));
    }

    @Override
    public List<Effect> effects(final Replica before, final Replica after, final Diff diff, final Observer observer) {
        final List<Effect> effects = new ArrayList<>(TaskEffects.of(before, after, observer));
        if (observer.isGroup(joiner) && !diff.none()) {
            final String watcher = diff.string("accepted-observer");
            final String subject = diff.string("subject");
            if (!watcher.equals(subject)) {
                effects.add(new Effect.UnwatchGroup(watcher));
            }
            effects.add(new Effect.WatchGroup(subject));
        }
        return effects;
    }
}
