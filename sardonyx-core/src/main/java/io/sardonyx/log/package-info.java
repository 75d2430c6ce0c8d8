/**
 * The cluster log and its replica. Every peer group appends {@link io.sardonyx.log.store.LogEntry entries} to one
 * ordered log and replays it; each entry is applied by the same pure function, so every group holds the same
 * {@link io.sardonyx.log.Replica} and takes the same decisions without a master.
 *
 * <p>The replica types, diffs, effects and invariants here are pure: no clock, thread, socket or file. The stores
 * (ZooKeeper, in memory) are in {@code log.store}, the only impure part; the commands in {@code log.command}.
 *
 * <p>Layer: the replica model, above {@code job}.
 */
package io.sardonyx.log;
