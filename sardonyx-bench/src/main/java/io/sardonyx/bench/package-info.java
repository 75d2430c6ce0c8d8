/** Benchmarks run by {@code bin/bench}; each prints a table of the figures it measured. */
package io.sardonyx.bench;
