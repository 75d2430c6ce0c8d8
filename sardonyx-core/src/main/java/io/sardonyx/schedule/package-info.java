/**
 * Scheduling as a pure, deterministic function of the replica: which jobs get how many peers (job schedulers),
 * how a job's peers spread over its tasks (task schedulers), and which peer runs which task, with stable slot
 * ids, minimal movement and sticky coordinators. Touches no clock, thread, socket or file.
 *
 * <p>Layer: above {@code log} (the replica model); below {@code log.command}.
 */
package io.sardonyx.schedule;
