package io.sardonyx.api;

/**
 * Marks an input or output plugin class whose checkpointed state belongs to one peer and cannot be redistributed when
 * its task's peer count changes. The validator then requires a fixed peer count for every task that uses it
 * ({@code "onyx/n-peers"}, or {@code "onyx/min-peers"} equal to {@code "onyx/max-peers"}), and a job that loses a peer
 * of such a task waits for a replacement rather than going on with fewer. A plugin that keeps no state, or that
 * redistributes it ({@code InputPlugin.rescale}, {@code OutputPlugin.rescale}), does not implement this.
 */
public interface FixedPeerCount {
}
