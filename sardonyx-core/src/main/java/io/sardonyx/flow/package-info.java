/**
 * Where each segment goes: flow conditions (predicates composed with and/or/not, short-circuit, excluded keys,
 * exception routes with post-transforms) choose the downstream tasks, and grouping chooses the peer of a
 * grouped task by a stable hash of the segment's group key. Called from the task's own thread only.
 *
 * <p>Layer: above {@code job} and {@code usercode}.
 */
package io.sardonyx.flow;
