/**
 * The contracts user code implements and the values it sees: segment functions, lifecycle calls and their exception
 * actions, window aggregations and triggers with their state events, the segment helpers, the in-process queue, the
 * marker of a plugin whose state cannot move, and a job's status.
 *
 * <p>Layer: the bottom, with {@code codec}. It depends on nothing in Sardonyx but the codec's array map (so
 * {@link io.sardonyx.api.Segments} can make one), and everything may depend on it. The facade that runs jobs is
 * {@code io.sardonyx.client}.
 */
package io.sardonyx.api;
