package io.sardonyx.log.store;

import io.sardonyx.log.Diff;
import io.sardonyx.log.Effect;
import io.sardonyx.log.Observer;
import io.sardonyx.log.Replica;
import io.sardonyx.log.command.LogCommand;
import io.sardonyx.log.command.RejectedEntry;
import java.util.List;

/**
 * The result of applying one entry: the replica before and after, and what changed. Each observer asks it for
 * its own reactions and effects.
 *
 * @param entry  the entry applied
 * @param before the replica before
 * @param after  the replica after (version = the entry's message id)
 * @param diff   what changed
 */
public record Transition(LogEntry entry, Replica before, Replica after, Diff diff) {
    /**
     * Applies an entry: the one pure step every peer takes for every entry.
     *
     * @throws IllegalArgumentException when the entry is not the next one after the replica
     */
    public static Transition apply(final Replica replica, final LogEntry entry) {
        if (entry.messageId() <= replica.version()) {
            throw new IllegalArgumentException("log entry " + entry.messageId() + " is not after the replica's version "
                + replica.version());
        }
        final Replica at = replica.withVersion(entry.messageId());
        final LogCommand command = entry.command();
        final Replica after;
        try {
            after = command.apply(at);
        } catch (final RuntimeException e) {
            // The rules are pure: every replica throws alike here, and skips the entry alike.
            final RejectedEntry rejected = new RejectedEntry("log entry " + entry.messageId() + ": " + command.name()
                + " cannot be applied: " + e.getMessage());
            return new Transition(new LogEntry(entry.messageId(), entry.createdAtMs(), rejected, entry.peerParent(),
                entry.entryParent()), at, at, rejected.diff(at, at));
        }
        return new Transition(entry, at, after, command.diff(at, after));
    }

    /** Entries this observer must write next. */
    public List<LogCommand> reactions(final Observer observer) {
        return entry.command().reactions(before, after, diff, observer);
    }

    /** Side effects for this observer. */
    public List<Effect> effects(final Observer observer) {
        return entry.command().effects(before, after, diff, observer);
    }
}
