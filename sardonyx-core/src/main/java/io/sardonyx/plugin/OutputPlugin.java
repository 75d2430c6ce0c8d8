package io.sardonyx.plugin;

import java.util.List;
import java.util.Map;

/**
 * Where an output task's segments go. Called from the task's thread only; no method may block for long.
 */
public interface OutputPlugin extends AutoCloseable {
    /**
     * Prepares the plugin for a task on one peer.
     *
     * @throws Exception with a message naming what is wrong; the task fails
     */
    void start(PluginContext context) throws Exception;

    /**
     * Writes a batch.
     *
     * @return false when the batch cannot be taken now (the same batch is offered again later)
     * @throws Exception when writing fails (the task's handle-exception decides what follows)
     */
    boolean write(List<Map<String, Object>> batch) throws Exception;

    /** State to keep in a checkpoint (JSON-like); null when stateless. */
    default Object checkpoint() {
        return null;
    }

    /**
     * The checkpoint of a barrier epoch: prepare (make durable, but not yet visible) what was written since the last
     * barrier, and return the state to keep. By default, {@link #checkpoint()}.
     */
    default Object checkpoint(final long epoch) {
        return checkpoint();
    }

    /** Restores state a {@link #checkpoint()} returned; null means fresh. */
    default void recover(final Object checkpoint) throws Exception {
    }

    /**
     * This slot's share of the state every slot checkpointed when the task ran on another number of peers: called
     * after {@link #start} (with the new slot and peer count) and before {@link #recover}, which is given what it
     * returns. {@code checkpoints} holds the earlier slots' states in slot order. By default they must all be null
     * (the plugin keeps no state); a plugin that keeps state redistributes it here, or implements
     * {@link io.sardonyx.api.FixedPeerCount} so its tasks keep a fixed peer count.
     *
     * @throws Exception naming why the states cannot be redistributed
     */
    default Object rescale(final List<Object> checkpoints) throws Exception {
        return Rescaling.stateless(this, checkpoints);
    }

    /**
     * The checkpoint of the epoch is complete everywhere (recorded beside the log): commit what {@link #checkpoint()}
     * prepared for it and for any earlier epoch. A two-phase-commit output writes nothing visible before this, and
     * recovering from a checkpoint must finish the commits that checkpoint lists. Idempotent.
     *
     * @throws Exception when committing fails (the task's handle-exception decides what follows)
     */
    default void checkpointed(final long epoch) throws Exception {
    }

    /** Every upstream input is exhausted and everything has been written to this plugin: finish the output. */
    default void seal() throws Exception {
    }

    /**
     * True when everything written so far is where it belongs (after {@link #seal()}, when the output is final).
     *
     * @throws Exception when finishing failed
     */
    default boolean completed() throws Exception {
        return true;
    }

    /** Releases what {@link #start} took. */
    @Override
    void close();
}
