/**
 * The cluster log and its replica. Every peer group appends {@link io.sardonyx.log.LogEntry entries} to one
 * ordered log and replays it; each entry is applied by the same pure function, so every group holds the same
 * {@link io.sardonyx.log.Replica} and takes the same decisions without a master.
 *
 * <p>The replica types, diffs, effects and invariants here are pure: no clock, thread, socket or file. Log
 * stores (ZooKeeper, in memory) live beside them and are the only impure part.
 */
package io.sardonyx.log;
