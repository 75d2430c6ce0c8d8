/**
 * Checkpoints: where task state is written at each barrier ({@link io.sardonyx.checkpoint.CheckpointStorage}: a
 * directory, with atomic renames and a checksum per blob), how a blob is framed and verified, and the record of
 * complete checkpoints a job's coordinator keeps beside the log. A blob that is missing, truncated or corrupt is
 * always detected, never loaded.
 *
 * <p>Layer: above {@code log.store}.
 */
package io.sardonyx.checkpoint;
