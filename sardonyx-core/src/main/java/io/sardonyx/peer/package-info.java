/**
 * Peer groups: one per JVM, each following the log, writing its reactions and performing its effects (watching
 * pulses, rejoining, starting and stopping its virtual peers' tasks). The impure counterpart of the log package.
 *
 * <p>Layer: above {@code task} and {@code log.store}.
 */
package io.sardonyx.peer;
