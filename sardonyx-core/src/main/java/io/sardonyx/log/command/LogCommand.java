package io.sardonyx.log.command;

import io.sardonyx.log.Diff;
import io.sardonyx.log.Effect;
import io.sardonyx.log.Observer;
import io.sardonyx.log.Replica;
import java.util.List;
import java.util.Map;

/**
 * One kind of log entry. Every function is pure and deterministic, so every peer that applies the same entries
 * reaches the same replica, the same reactions and the same effects.
 */
public sealed interface LogCommand permits PrepareJoinCluster, NotifyJoinCluster, AcceptJoinCluster,
    AbortJoinCluster, GroupLeaveCluster, LeaveCluster, AddVirtualPeer, SubmitJob, KillJob, CompleteJob, Gc,
    RejectedEntry {

    /** The entry's name in the log ({@code "prepare-join-cluster"}). */
    String name();

    /** The entry's arguments, as JSON-like values. */
    Map<String, Object> args();

    /**
     * Applies the entry.
     *
     * @param replica the replica before, its version already set to this entry's message id
     * @return the replica after; the same replica when the entry is a duplicate or stale
     */
    Replica apply(Replica replica);

    /** What the entry changed; {@link Diff#NONE} when nothing. */
    Diff diff(Replica before, Replica after);

    /** Entries the observer must write in response (none by default). */
    default List<LogCommand> reactions(final Replica before, final Replica after, final Diff diff,
                                       final Observer observer) {
        return List.of();
    }

    /** Side effects for the observer: by default, a peer starts or stops tasks as its allocation changed. */
    default List<Effect> effects(final Replica before, final Replica after, final Diff diff, final Observer observer) {
        return TaskEffects.of(before, after, observer);
    }
}
