/**
 * Moving frames (batches of segments, barriers, statuses) between virtual peers: over Aeron between JVMs (UDP)
 * and, inside one peer group, by handing the objects over without serialising them. Nothing here blocks: a
 * full or unconnected destination refuses a frame and the sender tries again later.
 *
 * <p>Layer: above {@code codec} and {@code log}.
 */
package io.sardonyx.messaging;
