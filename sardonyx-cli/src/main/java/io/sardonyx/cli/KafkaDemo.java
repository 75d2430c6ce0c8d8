package io.sardonyx.cli;

import io.sardonyx.client.Sardonyx;
import io.sardonyx.codec.JsonText;
import io.sardonyx.job.ClassPathFunctionChecker;
import io.sardonyx.job.Job;
import io.sardonyx.job.JobValidator;
import io.sardonyx.job.PackagePolicy;
import io.sardonyx.kafka.EmbeddedKafka;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code sardonyx demo --kafka}: a Kafka broker and a cluster in this process, sample lines produced to topic
 * {@code lines}, the word count of {@code examples/kafka-word-count.json} from there to {@code word-counts} exactly
 * once, and what a read_committed consumer then sees in it.
 */
final class KafkaDemo {
    static final String JOB_NAME = "examples/kafka-word-count.json";
    static final List<String> LINES = List.of("No master to fail over",
        "a log that explains everything the cluster ever did",
        "jobs as plain data and functions as plain static methods",
        "the log is the cluster and the cluster is the log");

    private final PrintWriter out;
    private final PrintWriter err;

    KafkaDemo(final PrintWriter out, final PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    int run() throws Exception {
        Logs.quiet();
        out.println("Sardonyx demo: the word count from Kafka to Kafka (" + JOB_NAME + ")");
        out.println("starting a Kafka broker (KRaft, one node) and an embedded environment...");
        out.flush();
        try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary("127.0.0.1");
             Sardonyx sardonyx = Sardonyx.builder().build()) {
            final String servers = kafka.bootstrapServers();
            // The example names the broker of 'sardonyx env --kafka'; this one listens elsewhere.
            final String text = DemoCommand.resource("/" + JOB_NAME).replace("127.0.0.1:9092", servers);
            final Job job = new JobValidator(new ClassPathFunctionChecker(KafkaDemo.class.getClassLoader(),
                PackagePolicy.ANY)).read(JOB_NAME, text);
            produce(servers);
            out.println("produced " + LINES.size() + " lines to topic lines at " + servers);
            final int peers = RunCommand.enoughPeers(job);
            sardonyx.startPeers(peers);
            out.flush();
            final int code = new JobRunner(sardonyx, out, err, false).run(job, Duration.ofMinutes(5), 50);
            if (code != 0) {
                return code;
            }
            final List<String> counts = consume(servers);
            out.println("topic word-counts, read committed (" + counts.size() + " records):");
            counts.stream().sorted().forEach(line -> out.println("  " + line));
        }
        out.println();
        out.println("Against a broker of your own: 'sardonyx env --kafka' starts one with ZooKeeper; see the README's "
            + "Kafka section.");
        out.flush();
        return 0;
    }

    private static Properties props(final String servers) {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        return props;
    }

    private static void produce(final String servers) throws Exception {
        try (Admin admin = Admin.create(props(servers))) {
            admin.createTopics(List.of(new NewTopic("lines", 2, (short) 1), new NewTopic("word-counts", 2,
                (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props(servers), new ByteArraySerializer(),
            new ByteArraySerializer())) {
            for (int i = 0; i < LINES.size(); i++) {
                final byte[] line = JsonText.writeLine(Map.of("line", LINES.get(i))).getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>("lines", i % 2, null, line));
            }
            producer.flush();
        }
    }

    private static List<String> consume(final String servers) {
        final Properties props = props(servers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = List.of(new TopicPartition("word-counts", 0),
                new TopicPartition("word-counts", 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(new String(r.value(),
                    StandardCharsets.UTF_8)));
            }
        }
        return out;
    }
}
