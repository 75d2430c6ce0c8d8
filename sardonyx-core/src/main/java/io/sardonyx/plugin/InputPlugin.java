package io.sardonyx.plugin;

import java.util.List;
import java.util.Map;

/**
 * Where an input task's segments come from. Called from the task's thread only; no method may block for long
 * (a poll with nothing to read returns 0 and the task backs off).
 */
public interface InputPlugin extends AutoCloseable {
    /**
     * Prepares the plugin for a task on one peer.
     *
     * @throws Exception with a message naming what is wrong (a missing file, a missing key); the task fails
     */
    void start(PluginContext context) throws Exception;

    /**
     * Adds up to {@code max} segments to {@code out}.
     *
     * @return how many were added (0 when nothing is available now)
     * @throws Exception when reading fails (the task's handle-exception decides what follows)
     */
    int poll(List<Map<String, Object>> out, int max) throws Exception;

    /** The position to resume from (JSON-like: null, numbers, strings, lists, maps); null when stateless. */
    Object checkpoint();

    /**
     * The event time (epoch ms) the input has reached: no later segment is expected to be older. Inputs that know
     * (a partitioned log with timestamps) override it; by default the task's {@code onyx/assign-watermark-fn} alone
     * sets the watermark.
     */
    default long watermark() {
        return Long.MIN_VALUE;
    }

    /**
     * True when the plugin applies the task's {@code onyx/assign-watermark-fn} itself (per partition, say) and its
     * {@link #watermark()} is the task's whole watermark; by default the task applies the function to every segment
     * and takes the highest time.
     */
    default boolean ownsWatermark() {
        return false;
    }

    /** The position at the barrier of an epoch; by default {@link #checkpoint()}. */
    default Object checkpoint(final long epoch) {
        return checkpoint();
    }

    /** Moves to a position {@link #checkpoint()} returned earlier; null means the beginning. */
    void recover(Object checkpoint) throws Exception;

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

    /** True when the input is exhausted (a stream never is). */
    boolean completed();

    /**
     * The checkpoint of the epoch (at the current allocation) is complete everywhere: what was kept to replay
     * segments read before its barrier may go (a queue drops them; a broker commits its offsets).
     */
    default void checkpointed(final long epoch) {
    }

    /** Releases what {@link #start} took. */
    @Override
    void close();
}
