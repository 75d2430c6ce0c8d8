/**
 * The log's stores: the entry format, the ZooKeeper store (and the embedded server for development) and the
 * in-memory one, the transition that applies an entry to a replica, and the data kept beside the log per job
 * (collected output, exceptions, progress).
 *
 * <p>Layer: above {@code log} (the replica model) and {@code log.command}; the only impure part of the log.
 */
package io.sardonyx.log.store;
