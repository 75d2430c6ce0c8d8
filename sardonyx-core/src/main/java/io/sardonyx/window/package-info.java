/**
 * Windows: extents computed by pure code (Window-ID for fixed and sliding windows, merging sessions), the
 * built-in aggregations and triggers, and the executor that applies a task's windows to its segments over a
 * {@link io.sardonyx.state.StateStore}.
 *
 * <p>Layer: above {@code flow} and {@code state}.
 */
package io.sardonyx.window;
