/**
 * How Sardonyx makes threads ({@link io.sardonyx.threads.DaemonThreads}).
 *
 * <p>Layer: the bottom; depends on nothing in Sardonyx.
 */
package io.sardonyx.threads;
