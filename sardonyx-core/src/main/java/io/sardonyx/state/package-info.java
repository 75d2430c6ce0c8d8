/**
 * Window state stores: the state of every extent and trigger of a task's peer, per group, in memory or in
 * RocksDB, exported whole into a checkpoint and restored from one.
 *
 * <p>Layer: above {@code codec} and {@code job}.
 */
package io.sardonyx.state;
