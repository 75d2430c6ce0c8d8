package io.sardonyx.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker env and demo start: it takes records, and a restart on the same directory keeps them. */
class EmbeddedKafkaTest {
    @TempDir
    Path dir;

    @Test
    void aRestartedBrokerKeepsItsTopics() throws Exception {
        final String servers;
        try (EmbeddedKafka kafka = EmbeddedKafka.start("127.0.0.1", 0, dir)) {
            servers = kafka.bootstrapServers();
            final Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
                producer.send(new ProducerRecord<>("kept", 0, null, "one")).get();
                producer.send(new ProducerRecord<>("kept", 0, null, "two")).get();
            }
        }
        final int port = Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
        try (EmbeddedKafka again = EmbeddedKafka.start("127.0.0.1", port, dir)) {
            final Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, again.bootstrapServers());
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
                final TopicPartition partition = new TopicPartition("kept", 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                final List<String> seen = new ArrayList<>();
                for (int i = 0; i < 100 && seen.size() < 2; i++) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                }
                assertThat(seen).containsExactly("one", "two");
            }
        }
    }
}
