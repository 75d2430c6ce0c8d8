package io.sardonyx.cli;

import io.sardonyx.codec.JsonText;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sardonyx kafka produce|consume}: JSON lines into a topic and out of one, to try kafka jobs by hand. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
    description = "Send JSON lines from standard input to a Kafka topic, or print a topic's records as lines.",
    subcommands = {KafkaCommand.Produce.class, KafkaCommand.Consume.class})
final class KafkaCommand implements Callable<Integer> {
    static final int DEFAULT_PORT = 9092;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return SardonyxCommand.EXIT_BAD_INPUT;
    }

    /** The port of a {@code host:port} (SARDONYX_KAFKA), or 9092. */
    static int port(final String address) {
        if (address == null || address.isBlank() || !address.contains(":")) {
            return DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1).trim());
        } catch (final NumberFormatException e) {
            return DEFAULT_PORT;
        }
    }

    /** The broker option both subcommands share. */
    static final class Broker {
        @Option(names = {"--bootstrap-servers", "-b"}, paramLabel = "HOST:PORT[,...]",
            defaultValue = "${env:SARDONYX_KAFKA:-127.0.0.1:9092}",
            description = "The brokers. Default: SARDONYX_KAFKA, else ${DEFAULT-VALUE}.")
        String servers;

        Properties props() {
            final Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
            return props;
        }
    }

    @Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send each line of standard input (a JSON value) as one record's message, making the topic "
            + "when it does not exist.")
    static final class Produce implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        private Broker broker;

        @Parameters(paramLabel = "TOPIC", description = "The topic.")
        private String topic;

        @Option(names = "--partitions", paramLabel = "N", defaultValue = "1",
            description = "Partitions of the topic when it is made; records go to them in turn. Default: "
                + "${DEFAULT-VALUE}.")
        private int partitions;

        /** Standard input, for tests. */
        InputStream in = System.in;

        @Override
        public Integer call() throws Exception {
            final PrintWriter err = spec.commandLine().getErr();
            if (partitions < 1) {
                err.println("sardonyx kafka produce: --partitions must be 1 or more, not " + partitions);
                return SardonyxCommand.EXIT_BAD_INPUT;
            }
            final int count;
            try (Admin admin = Admin.create(broker.props())) {
                count = ensureTopic(admin);
            }
            int sent = 0;
            int number = 0;
            final Properties props = broker.props();
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer());
                 BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        JsonText.parse(line);
                    } catch (final JsonText.SyntaxException e) {
                        producer.flush();
                        err.println("sardonyx kafka produce: line " + number + " of standard input is not JSON ("
                            + e.getMessage() + "); the " + sent + " line(s) before it were sent to " + topic);
                        return SardonyxCommand.EXIT_BAD_INPUT;
                    }
                    producer.send(new ProducerRecord<>(topic, sent % count, null,
                        line.strip().getBytes(StandardCharsets.UTF_8)));
                    sent++;
                }
                producer.flush();
            }
            err.println("sent " + sent + " record(s) to " + topic + " (" + count + " partition(s)) at "
                + broker.servers);
            err.flush();
            return 0;
        }

        /** Makes the topic when it does not exist; returns its partition count. */
        private int ensureTopic(final Admin admin) throws Exception {
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all()
                    .get(30, TimeUnit.SECONDS);
                return partitions;
            } catch (final ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot make topic " + topic + " at " + broker.servers + ": "
                        + e.getCause().getMessage(), e.getCause());
                }
            }
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                .partitions().size();
        }
    }

    @Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Print a topic's records from its beginning, one message a line.")
    static final class Consume implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        private Broker broker;

        @Parameters(paramLabel = "TOPIC", description = "The topic.")
        private String topic;

        @Option(names = "--read-committed",
            description = "Only records of committed transactions (what a job's exactly-once output has committed).")
        private boolean readCommitted;

        @Option(names = "--idle-exit-s", paramLabel = "S",
            description = "Exit once nothing has arrived for S seconds. Default: run until stopped.")
        private Integer idleExitS;

        @Override
        public Integer call() {
            final PrintWriter out = spec.commandLine().getOut();
            final Properties props = broker.props();
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
                final List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos == null || infos.isEmpty()) {
                    spec.commandLine().getErr().println("sardonyx kafka consume: topic " + topic + " has no "
                        + "partitions at " + broker.servers + " (does it exist?)");
                    return 1;
                }
                final List<TopicPartition> partitions = new ArrayList<>();
                infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                long quietSince = System.nanoTime();
                while (idleExitS == null || System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(idleExitS)) {
                    boolean any = false;
                    for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        out.println(record.value() == null ? "null"
                            : new String(record.value(), StandardCharsets.UTF_8));
                        any = true;
                    }
                    if (any) {
                        out.flush();
                        quietSince = System.nanoTime();
                    }
                }
            }
            out.flush();
            return 0;
        }
    }
}
