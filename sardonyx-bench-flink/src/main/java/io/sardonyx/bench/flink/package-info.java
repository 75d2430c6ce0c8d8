/** The Flink side of the side-by-side benchmark: the same workloads as Flink 2.3 DataStream jobs. */
package io.sardonyx.bench.flink;
