package io.sardonyx.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.sardonyx.api.UnrecoverableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the input does with a record it cannot decode ({@code kafka/on-bad-record}): kill the job naming the record
 * (a restart would read it again, so never a restart loop), skip it and count it, or send its bytes to the
 * dead-letter topic with the error in its headers, made durable before the checkpoint that passes it.
 */
final class BadRecords implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BadRecords.class);

    private final String task;
    private final String policy;
    private final String topic;
    private final Map<String, Object> settings;
    private final Counter skipped;
    private final Counter deadLettered;
    private final MeterRegistry meters;
    private KafkaProducer<byte[], byte[]> producer;

    BadRecords(final String task, final Map<String, Object> settings, final MeterRegistry meters, final Tags tags) {
        this.task = task;
        this.settings = settings;
        this.policy = (String) settings.getOrDefault(KafkaPlugin.ON_BAD_RECORD, "kill");
        this.topic = (String) settings.get(KafkaPlugin.DEAD_LETTER_TOPIC);
        this.meters = meters;
        this.skipped = Counter.builder("sardonyx.kafka.records.skipped").tags(tags)
            .description("records that could not be decoded and were skipped or sent to the dead-letter topic")
            .register(meters);
        this.deadLettered = Counter.builder("sardonyx.kafka.records.dead.lettered").tags(tags).register(meters);
    }

    /**
     * Deals with a record that cannot be decoded.
     *
     * @throws UnrecoverableException under the {@code kill} policy, naming topic, partition and offset
     */
    void handle(final ConsumerRecord<byte[], byte[]> record, final Exception e) {
        final String where = "kafka topic " + record.topic() + " partition " + record.partition() + " offset "
            + record.offset();
        switch (policy) {
            case "skip":
                skipped.increment();
                LOG.warn("task {}: skipped the record at {}: {}", task, where, e.toString());
                return;
            case "dead-letter":
                skipped.increment();
                deadLettered.increment();
                send(record, e);
                return;
            default:
                throw new UnrecoverableException("task " + task + " cannot decode the record at " + where + ": "
                    + e.getMessage() + " (kafka/on-bad-record \"skip\" or \"dead-letter\" passes such records by)", e);
        }
    }

    private void send(final ConsumerRecord<byte[], byte[]> record, final Exception e) {
        if (producer == null) {
            producer = new KafkaProducer<>(TaskSettings.producer(settings, Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", ProducerConfig.ACKS_CONFIG, "all")),
                new ByteArraySerializer(), new ByteArraySerializer());
        }
        final ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(topic, null, record.timestamp(),
            record.key(), record.value(), record.headers());
        letter.headers().add("sardonyx.error", String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
        letter.headers().add("sardonyx.topic", record.topic().getBytes(StandardCharsets.UTF_8));
        letter.headers().add("sardonyx.partition",
            Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        letter.headers().add("sardonyx.offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        producer.send(letter);
    }

    /** Makes what went to the dead-letter topic durable (before a checkpoint passes it). */
    void flush() {
        if (producer != null) {
            producer.flush();
        }
    }

    @Override
    public void close() {
        meters.remove(skipped);
        meters.remove(deadLettered);
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
