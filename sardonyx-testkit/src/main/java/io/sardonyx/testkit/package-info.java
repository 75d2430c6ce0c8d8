/**
 * Test support: a deterministic simulation of a whole Sardonyx cluster on one thread, driving the real pure log
 * code (commands, replica, schedulers) with a seeded choice of which actor's write reaches the log next.
 */
package io.sardonyx.testkit;
