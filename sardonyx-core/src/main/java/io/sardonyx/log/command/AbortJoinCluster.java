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
 * A join failed: its prepared or accepted entry is dropped and the joiner is marked aborted; the joiner retries
 * with {@code prepare-join-cluster} after a back-off drawn from the message id (so it is deterministic, yet
 * different for different joiners).
 *
 * @param id the joiner
 */
public record AbortJoinCluster(String id) implements LogCommand {
    public static final String NAME = "abort-join-cluster";
    /** Onyx's {@code join-failure-back-off}: the retry waits up to twice this. */
    public static final long JOIN_FAILURE_BACKOFF_MS = 200;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> args() {
        return Map.of("id", id);
    }

    @Override
    public Replica apply(final Replica replica) {
        final Membership m = replica.membership();
        if (m.joined(id) || m.left().contains(id)) {
            return replica;
        }
        final Membership.Builder b = m.toBuilder();
        b.prepared().values().remove(id);
        b.accepted().values().remove(id);
        b.aborted().add(id);
        return replica.withMembership(b.build());
    }

    @Override
    public Diff diff(final Replica before, final Replica after) {
        return before.membership().ring().equals(after.membership().ring()) ? Diff.NONE : Diff.of("aborted", id);
    }

    @Override
    public List<Effect> effects(final Replica before, final Replica after, final Diff diff, final Observer o) {
        final List<Effect> effects = new ArrayList<>(TaskEffects.of(before, after, o));
        if (o.isGroup(id) && !after.membership().joined(id) && !after.membership().left().contains(id)) {
            effects.add(new Effect.RejoinAfter(backoffMs(after.version(), id)));
        }
        return effects;
    }

    /** A back-off in [0, 2 × {@link #JOIN_FAILURE_BACKOFF_MS}) drawn from the entry and the joiner. */
    static long backoffMs(final long messageId, final String joiner) {
        long h = messageId * 0x9E3779B97F4A7C15L ^ joiner.hashCode();
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return Math.floorMod(h, 2 * JOIN_FAILURE_BACKOFF_MS);
    }
}
