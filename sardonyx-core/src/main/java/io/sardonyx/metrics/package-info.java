/**
 * What a peer group shows the outside: an HTTP endpoint with its health, Prometheus metrics, replica and jobs.
 * It binds to localhost unless told otherwise and serves only reads.
 *
 * <p>Layer: above {@code peer}.
 */
package io.sardonyx.metrics;
