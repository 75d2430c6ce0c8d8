package io.sardonyx.state;

/**
 * The window state of one task's peer: per group (a group-by value, or null when the task is not grouped), the
 * state of each extent of each window, keyed by a long (a Window-ID, or a session's lower bound), and a few
 * numbered slots (trigger states, element counters). Values are segment values. Called from the task's thread
 * only.
 */
public interface StateStore extends AutoCloseable {
    /** The state of an extent, or null when it has none. */
    Object extent(int window, Object group, long key);

    void putExtent(int window, Object group, long key, Object state);

    void removeExtent(int window, Object group, long key);

    /** Visits a group's extents of a window in key order. The visitor must not change the store. */
    void extents(int window, Object group, ExtentVisitor visitor);

    /** A slot of a group, or null. */
    Object slot(int slot, Object group);

    void putSlot(int slot, Object group, Object value);

    /** Visits every group that has state, once each. The visitor must not change the store. */
    void groups(java.util.function.Consumer<Object> visitor);

    /** Visits everything, group by group: what a snapshot holds. */
    void export(StoreSnapshot.Sink sink);

    /** Forgets everything. */
    void clear();

    /** About how many bytes its snapshot will take (the buffer is sized for it rather than grown), or 0. */
    default long sizeHint() {
        return 0;
    }

    /** The whole state, for a checkpoint. */
    default byte[] snapshot() {
        return StoreSnapshot.write(this);
    }

    /**
     * Replaces the whole state with a snapshot (of either kind of store).
     *
     * @throws io.sardonyx.codec.CodecException when the bytes are not a snapshot
     */
    default void restore(final byte[] snapshot) {
        clear();
        StoreSnapshot.read(snapshot, this);
    }

    @Override
    void close();

    /** Receives extents in key order. */
    @FunctionalInterface
    interface ExtentVisitor {
        void visit(long key, Object state);
    }
}
