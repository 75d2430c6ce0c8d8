package io.sardonyx.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sardonyx.api.JobStatus;
import io.sardonyx.client.Engine;
import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.codec.JsonText;
import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.job.TaskType;
import io.sardonyx.job.Trigger;
import io.sardonyx.job.TriggerKind;
import io.sardonyx.job.Window;
import io.sardonyx.job.WindowType;
import io.sardonyx.job.WindowUnit;
import io.sardonyx.kafka.EmbeddedKafka;
import io.sardonyx.kafka.KafkaPlugin;
import io.sardonyx.log.store.EmbeddedZooKeeper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly once from Kafka to Kafka through real failures: 1,000,000 records in a 4-partition topic go through a
 * keyed window count to an output topic, on three peer-group JVMs ({@code bin/sardonyx peers}), while a random one is
 * killed with SIGKILL six times (and restarted) and one is paused with SIGSTOP past its session timeout. A
 * read_committed consumer then finds every window's count exactly once.
 */
@Tag("slow")
class KafkaFaultIT {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaFaultIT.class);
    private static final Duration PATIENCE = Duration.ofMinutes(5);
    private static final long COUNT = 1_000_000;
    private static final long KEYS = 10_000;
    /** Windows of 100 s over t = n ms: ten windows, every key ten times in each. */
    private static final long WINDOWS = COUNT / 100_000;

    @TempDir
    Path dir;
    private PeerProcesses processes;
    private EmbeddedZooKeeper zookeeper;
    private EmbeddedKafka kafka;

    @AfterEach
    void stop() {
        if (processes != null) {
            processes.close();
        }
        if (zookeeper != null) {
            zookeeper.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private String[] peerArgs() {
        return new String[] {"--peers", "3", "-z", zookeeper.connectString(), "-t", "kafka-faults",
            "--session-timeout-ms", "3000", "--checkpoints", dir.resolve("checkpoints").toString()};
    }

    private Properties props() {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return props;
    }

    private void produce() throws Exception {
        try (Admin admin = Admin.create(props())) {
            admin.createTopics(List.of(new NewTopic("events", 4, (short) 1), new NewTopic("counts", 4, (short) 1)))
                .all().get(30, TimeUnit.SECONDS);
        }
        final Properties props = props();
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
            new ByteArraySerializer())) {
            for (long n = 0; n < COUNT; n++) {
                producer.send(new ProducerRecord<>("events", (int) (n % 4), null,
                    ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /** The last stable offsets of the output topic, summed: what a read_committed reader could read, markers too. */
    private long committed(final KafkaConsumer<byte[], byte[]> consumer) {
        return consumer.endOffsets(partitions()).values().stream().mapToLong(Long::longValue).sum();
    }

    private static List<TopicPartition> partitions() {
        final List<TopicPartition> out = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            out.add(new TopicPartition("counts", p));
        }
        return out;
    }

    private KafkaConsumer<byte[], byte[]> reader() {
        final Properties props = props();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Test
    void killedAndPausedPeerGroupsLeaveEveryWindowCountInTheOutputTopicExactlyOnce() throws Exception {
        kafka = EmbeddedKafka.startTemporary("127.0.0.1");
        zookeeper = EmbeddedZooKeeper.start("127.0.0.1", 0, dir.resolve("zk"));
        produce();
        processes = new PeerProcesses(dir);
        for (int i = 0; i < 3; i++) {
            processes.start(peerArgs());
        }
        try (Sardonyx client = Sardonyx.builder().zookeeper(zookeeper.connectString()).tenancy("kafka-faults").build();
             KafkaConsumer<byte[], byte[]> reader = reader()) {
            await("three groups join").atMost(PATIENCE).until(() -> client.cluster().peers().size() == 9);
            final JobHandle job = client.submit(Job.builder().chain("in", "key", "count", "out")
                .task(Task.input("in", KafkaPlugin.NAME).batchSize(200).nPeers(2)
                    .with(KafkaPlugin.TOPIC, "events").with(KafkaPlugin.BOOTSTRAP, kafka.bootstrapServers())
                    .with(KafkaPlugin.TARGET_OFFSETS, "end-at-start").with(KafkaPlugin.MAX_RATE, 6_000L)
                    .with(Task.ASSIGN_WATERMARK_FN, "io.sardonyx.examples.Numbers::t"))
                .task(Task.function("key", "io.sardonyx.examples.Numbers::keyed").batchSize(200)
                    .params("numbers/keys").with("numbers/keys", KEYS))
                .task(Task.builder("count", TaskType.REDUCE).batchSize(200)
                    .with(Task.GROUP_BY_KEY, "key").with("onyx/flux-policy", "recover"))
                .task(Task.output("out", KafkaPlugin.NAME).batchSize(200).nPeers(2)
                    .with(KafkaPlugin.TOPIC, "counts").with(KafkaPlugin.BOOTSTRAP, kafka.bootstrapServers()))
                .window(Window.builder("per-100k", "count", WindowType.FIXED)
                    .aggregation("onyx.windowing.aggregation/count").windowKey("t").range(100, WindowUnit.SECONDS))
                .trigger(Trigger.builder("wm", "per-100k", TriggerKind.WATERMARK)
                    .emit("io.sardonyx.examples.Numbers::emitKeyCountMessage").evictAll())
                .taskScheduler(TaskSchedulerKind.BALANCED).build());
            await("the job runs").atMost(PATIENCE).until(() -> job.status() == JobStatus.RUNNING);
            final long expected = KEYS * WINDOWS;
            final Random random = new Random(7);
            final List<Integer> alive = new ArrayList<>(List.of(0, 1, 2));
            for (int kill = 1; kill <= 6; kill++) {
                final long progress = expected * kill / 9;
                await("committed output passes " + progress).atMost(PATIENCE).until(() -> {
                    assertThat(job.status()).as("the job ended early" + processes.logs()).isEqualTo(JobStatus.RUNNING);
                    return committed(reader) >= progress;
                });
                final int victim = alive.remove(random.nextInt(alive.size()));
                processes.get(victim).destroyForcibly().waitFor();
                LOG.warn("kafka faults: killed peer process {} at {} committed records", victim, committed(reader));
                processes.start(peerArgs());
                alive.add(processes.size() - 1);
            }
            final int paused = alive.get(random.nextInt(alive.size()));
            final String pausedGroup = processes.groupIdOf(paused);
            final long pid = processes.get(paused).pid();
            new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor();
            try {
                await("the paused group is evicted").atMost(PATIENCE)
                    .until(() -> Engine.of(client).replica().membership().left().contains(pausedGroup));
            } finally {
                new ProcessBuilder("kill", "-CONT", Long.toString(pid)).start().waitFor();
            }
            final JobOutcome outcome = job.await(PATIENCE);
            assertThat(outcome.completed()).as(outcome.reason() + processes.logs()).isTrue();
            assertExactlyOnce(reader, expected);
        }
    }

    private void assertExactlyOnce(final KafkaConsumer<byte[], byte[]> reader, final long expected) throws Exception {
        reader.assign(partitions());
        reader.seekToBeginning(partitions());
        final Map<TopicPartition, Long> ends = reader.endOffsets(partitions());
        final Map<String, Long> counts = new HashMap<>();
        long duplicates = 0;
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (partitions().stream().anyMatch(p -> reader.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
            for (final var record : reader.poll(Duration.ofMillis(500))) {
                final Map<?, ?> s = (Map<?, ?>) JsonText.parse(new String(record.value(), StandardCharsets.UTF_8));
                final Long was = counts.put(s.get("key") + "@" + s.get("lower"), (Long) s.get("count"));
                duplicates += was == null ? 0 : 1;
            }
        }
        assertThat(duplicates).as("windows in the output topic twice").isZero();
        assertThat(counts).hasSize((int) expected);
        assertThat(counts.values()).as("every key's count per window").containsOnly(COUNT / KEYS / WINDOWS);
    }
}
