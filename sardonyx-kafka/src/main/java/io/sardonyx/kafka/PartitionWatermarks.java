package io.sardonyx.kafka;

import java.util.HashMap;
import java.util.Map;

/**
 * Event time per partition: each partition's watermark is the highest time it has shown, and the input's is the
 * lowest over its partitions that are not idle, so a partition behind the others holds windows back and a quiet
 * one does not (it is idle once nothing has come from it for the idle timeout). Pure: the caller passes the time.
 *
 * @param <P> how partitions are named
 */
final class PartitionWatermarks<P> {
    private static final class Partition {
        long highest = Long.MIN_VALUE;
        long lastNanos;

        Partition(final long now) {
            this.lastNanos = now;
        }
    }

    private final long idleNanos;
    private final Map<P, Partition> partitions = new HashMap<>();

    /** @param idleNanos how long a partition may stay quiet before it is set aside; 0 never */
    PartitionWatermarks(final long idleNanos) {
        this.idleNanos = idleNanos;
    }

    /** A partition this input reads from now on: not idle until the timeout passes without a record. */
    void assigned(final P partition, final long now) {
        partitions.computeIfAbsent(partition, p -> new Partition(now));
    }

    void removed(final P partition) {
        partitions.remove(partition);
    }

    /** A record of the partition with this event time. */
    void observe(final P partition, final long eventTime, final long now) {
        final Partition p = partitions.computeIfAbsent(partition, x -> new Partition(now));
        p.highest = Math.max(p.highest, eventTime);
        p.lastNanos = now;
    }

    /**
     * The lowest watermark over partitions that are not idle; with every partition idle, the highest any has shown
     * (a quiet input holds nothing back beyond its newest data); with no partition at all, Long.MAX_VALUE (an input
     * reading nothing never holds windows back).
     */
    long watermark(final long now) {
        if (partitions.isEmpty()) {
            return Long.MAX_VALUE;
        }
        long lowestActive = Long.MAX_VALUE;
        long highest = Long.MIN_VALUE;
        boolean active = false;
        for (final Partition p : partitions.values()) {
            highest = Math.max(highest, p.highest);
            if (idleNanos == 0 || now - p.lastNanos < idleNanos) {
                active = true;
                lowestActive = Math.min(lowestActive, p.highest);
            }
        }
        return active ? lowestActive : highest;
    }
}
