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
 * The joiner watches its future subject: it enters the ring between its watcher and that subject
 * (watcher → joiner → subject), becomes a joined group, and its orphaned peers become schedulable. Refused (a
 * no-op, and the joiner retries) when the join went stale meanwhile: the watcher no longer watches that subject.
 *
 * @param observer         the joiner, as Onyx names it
 * @param subject          the group the joiner now watches
 * @param acceptedObserver the watcher
 * @param acceptedJoiner   the joiner
 */
public record AcceptJoinCluster(String observer, String subject, String acceptedObserver, String acceptedJoiner)
    implements LogCommand {
    public static final String NAME = "accept-join-cluster";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> args() {
        final Map<String, Object> args = new LinkedHashMap<>();
        args.put("observer", observer);
        args.put("subject", subject);
        args.put("accepted-observer", acceptedObserver);
        args.put("accepted-joiner", acceptedJoiner);
        return args;
    }

    @Override
    public Replica apply(final Replica replica) {
        final Membership m = replica.membership();
        final String target = m.ring().pairs().getOrDefault(acceptedObserver, acceptedObserver);
        // The joiner already watches `subject`; if the watcher's subject changed meanwhile (a leave closed the
        // ring past it), entering the ring now would leave the new subject unwatched: abort and retry instead.
        final boolean valid = acceptedJoiner.equals(m.ring().accepted().get(acceptedObserver))
            && !m.joined(acceptedJoiner) && m.joined(target) && target.equals(subject);
        if (!valid) {
            return replica;
        }
        final Membership.Builder b = m.toBuilder();
        b.pairs().put(acceptedObserver, acceptedJoiner);
        b.pairs().put(acceptedJoiner, target);
        b.accepted().remove(acceptedObserver);
        b.groups().add(acceptedJoiner);
        b.promoteOrphans(acceptedJoiner);
        return Scheduler.reconfigure(replica.withMembership(b.build()));
    }

    @Override
    public Diff diff(final Replica before, final Replica after) {
        return !before.membership().joined(acceptedJoiner) && after.membership().joined(acceptedJoiner)
            ? Diff.of("observer", acceptedObserver, "subject", acceptedJoiner) : Diff.NONE;
    }

    @Override
    public List<LogCommand> reactions(final Replica before, final Replica after, final Diff diff,
                                      final Observer o) {
        return diff.none() && o.isGroup(acceptedJoiner) && !after.membership().joined(acceptedJoiner)
            ? List.of(new AbortJoinCluster(acceptedJoiner)) : List.of();
    }

    @Override
    public List<Effect> effects(final Replica before, final Replica after, final Diff diff, final Observer o) {
        final List<Effect> effects = new ArrayList<>(TaskEffects.of(before, after, o));
        final String oldSubject = before.membership().ring().pairs().get(acceptedObserver);
        if (!diff.none() && o.isGroup(acceptedObserver) && oldSubject != null && !oldSubject.equals(acceptedJoiner)) {
            // The watcher now watches the joiner (since prepare) instead of its old subject.
            effects.add(new Effect.UnwatchGroup(oldSubject));
        }
        return effects;
    }
}
