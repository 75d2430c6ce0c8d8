package io.sardonyx.log.store;

import io.sardonyx.log.Origin;
import io.sardonyx.log.Replica;
import java.util.Optional;

/**
 * A reader's place in a tenancy's log and the replica it has replayed to: the one way to follow a log. It starts at
 * the log's origin and applies each entry in turn; when a gc has deleted the entry it needs next, it jumps to the
 * newer origin (whose replica holds everything the deleted entries did) rather than failing. Not thread-safe: one
 * thread moves it; {@link #replica()} may be read from any.
 */
public final class LogCursor {
    private final LogStore store;
    private volatile Replica replica;
    private long next;
    private Origin origin;

    /** A cursor at the log's origin. */
    public LogCursor(final LogStore store) {
        this.store = store;
        reset(store.origin());
    }

    /** What a move of the cursor did. */
    public sealed interface Step {
        /** Nothing new was there. */
        Step NONE = new None();
    }

    /** An entry was applied. */
    public record Applied(Transition transition) implements Step {
    }

    /** A gc deleted entries the cursor had not read: it moved to the newer origin. */
    public record Reset(Origin origin, String why) implements Step {
    }

    private record None() implements Step {
    }

    /** The replica after every entry the cursor has applied. */
    public Replica replica() {
        return replica;
    }

    /** The message id of the entry it reads next. */
    public long next() {
        return next;
    }

    /**
     * Waits up to {@code waitMs} for the next entry and applies it.
     *
     * @throws InterruptedException when interrupted while waiting
     * @throws RuntimeException     when the store cannot be read (the cursor stays where it was)
     */
    public Step await(final long waitMs) throws InterruptedException {
        try {
            return applied(store.await(next, waitMs));
        } catch (final LogGcedException e) {
            return reset(e.getMessage());
        }
    }

    /**
     * Applies the next entry if it is there, without waiting.
     *
     * @throws RuntimeException when the store cannot be read (the cursor stays where it was)
     */
    public Step read() {
        try {
            return applied(store.read(next));
        } catch (final LogGcedException e) {
            return reset(e.getMessage());
        }
    }

    private Step applied(final Optional<LogEntry> entry) {
        if (entry.isEmpty()) {
            return Step.NONE;
        }
        // Apply, then move on: a failure while acting on the entry must never apply it twice.
        final Transition t = Transition.apply(replica, entry.get());
        replica = t.after();
        next++;
        return new Applied(t);
    }

    private Step reset(final String why) {
        final Origin newer = store.origin();
        reset(newer);
        return new Reset(newer, why);
    }

    private void reset(final Origin at) {
        origin = at;
        replica = at.replica();
        next = at.messageId() + 1;
    }

    /** The origin the cursor started from, or last jumped to. */
    public Origin origin() {
        return origin;
    }
}
