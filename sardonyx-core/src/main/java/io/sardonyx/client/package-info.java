/**
 * The facade: {@link io.sardonyx.client.Sardonyx} (an environment: ZooKeeper, checkpoint storage, peer groups in this
 * JVM), {@link io.sardonyx.client.SardonyxClient} (submit, kill, gc over any cluster) and
 * {@link io.sardonyx.client.JobHandle}.
 *
 * <p>Layer: the top of the core; it may depend on every package, and none depends on it.
 */
package io.sardonyx.client;
