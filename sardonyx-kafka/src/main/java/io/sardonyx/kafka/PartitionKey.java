package io.sardonyx.kafka;

import org.apache.kafka.common.TopicPartition;

/**
 * How a partition is named in a job ({@code "3"} for the task's one topic, {@code "topic:3"}) and in a checkpoint
 * (always {@code "topic:3"}, so offsets stay with their partition whatever the peer count).
 */
final class PartitionKey {
    private PartitionKey() {
    }

    /**
     * The partition a name gives, or null when it is not one.
     *
     * @param topic the topic a bare number refers to, or null to accept any number (for validation)
     */
    static TopicPartition parse(final String name, final String topic) {
        final int colon = name.lastIndexOf(':');
        final String number = colon < 0 ? name : name.substring(colon + 1);
        final int partition;
        try {
            partition = Integer.parseInt(number.trim());
        } catch (final NumberFormatException e) {
            return null;
        }
        if (partition < 0) {
            return null;
        }
        if (colon < 0) {
            return new TopicPartition(topic == null ? "" : topic, partition);
        }
        final String named = name.substring(0, colon);
        return named.isEmpty() ? null : new TopicPartition(named, partition);
    }

    /** The checkpoint's name of a partition. */
    static String of(final TopicPartition partition) {
        return partition.topic() + ":" + partition.partition();
    }
}
