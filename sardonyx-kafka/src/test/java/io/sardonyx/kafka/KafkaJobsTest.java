package io.sardonyx.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.api.JobStatus;
import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.codec.JsonText;
import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.task.RuntimeSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jobs that read and write a real Kafka broker (KRaft, in this JVM) on an in-process cluster of two peer groups:
 * exactly-once from topic to topic, bounded reads that end at transaction markers, each bad-record policy, partitions
 * added while a job runs, and a job resumed on another number of peers.
 */
class KafkaJobsTest {
    private static Broker broker;
    private static Sardonyx sardonyx;

    @BeforeAll
    static void start() throws Exception {
        broker = Broker.start();
        sardonyx = Sardonyx.builder().runtime(RuntimeSettings.DEFAULT.withBarrierPeriodMs(100)).build();
        sardonyx.startPeers(4);
        sardonyx.startPeers(4);
    }

    @AfterAll
    static void stop() throws Exception {
        sardonyx.close();
        broker.close();
    }

    private static byte[] json(final Object value) {
        return JsonText.write(value).getBytes(StandardCharsets.UTF_8);
    }

    private static Task.Builder input(final String topic) {
        return Task.input("in", KafkaPlugin.NAME).batchSize(50).with(KafkaPlugin.TOPIC, topic)
            .with(KafkaPlugin.BOOTSTRAP, broker.servers());
    }

    private static Task.Builder output(final String topic) {
        return Task.output("out", KafkaPlugin.NAME).batchSize(50).with(KafkaPlugin.TOPIC, topic)
            .with(KafkaPlugin.BOOTSTRAP, broker.servers());
    }

    private static JobOutcome await(final JobHandle job) throws Exception {
        return job.await(Duration.ofMinutes(2));
    }

    /** The n of every message a read_committed consumer sees in the topic. */
    private static List<Long> committedNs(final String topic) throws Exception {
        final List<Long> out = new ArrayList<>();
        for (final ConsumerRecord<byte[], byte[]> record : broker.readCommitted(topic)) {
            final Map<?, ?> message = (Map<?, ?>) JsonText.parse(new String(record.value(), StandardCharsets.UTF_8));
            out.add((Long) message.get("n"));
        }
        return out;
    }

    @Test
    void aTopicGoesThroughAJobIntoAnotherExactlyOnce() throws Exception {
        broker.topic("numbers", 4);
        broker.topic("plus-one", 2);
        for (int p = 0; p < 4; p++) {
            final List<byte[]> values = new ArrayList<>();
            for (long n = p; n < 1000; n += 4) {
                values.add(json(Map.of("n", n)));
            }
            broker.produce("numbers", p, values);
        }
        final JobHandle job = sardonyx.submit(Job.builder().chain("in", "inc", "out")
            .task(input("numbers").nPeers(3).with(KafkaPlugin.TARGET_OFFSETS, "end-at-start"))
            .task(Task.function("inc", "io.sardonyx.kafka.KafkaFns::inc").batchSize(50).nPeers(2))
            .task(output("plus-one").nPeers(2)).build());
        final JobOutcome outcome = await(job);
        assertThat(outcome.completed()).as(outcome.reason()).isTrue();
        final List<Long> ns = committedNs("plus-one");
        assertThat(ns).hasSize(1000);
        assertThat(new TreeSet<>(ns)).hasSize(1000).first().isEqualTo(1L);
        assertThat(new TreeSet<>(ns).last()).isEqualTo(1000L);
    }

    @Test
    void aBoundedReadEndsAtTransactionMarkersAndAbortedRecords() throws Exception {
        broker.topic("transactional", 1);
        try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            "test-writer"))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (long n = 0; n < 10; n++) {
                producer.send(new ProducerRecord<>("transactional", json(Map.of("n", n))));
            }
            producer.commitTransaction();
            // The partition ends in an aborted transaction: its records and its marker are the last offsets.
            producer.beginTransaction();
            for (long n = 100; n < 105; n++) {
                producer.send(new ProducerRecord<>("transactional", json(Map.of("n", n))));
            }
            producer.flush();
            producer.abortTransaction();
        }
        final JobHandle job = sardonyx.submit(Job.builder().chain("in", "out")
            .task(input("transactional").with(KafkaPlugin.TARGET_OFFSETS, "end-at-start"))
            .task(Task.output("out", "collect").batchSize(50)).build());
        final JobOutcome outcome = await(job);
        assertThat(outcome.completed()).as(outcome.reason()).isTrue();
        final Set<Long> ns = new TreeSet<>();
        job.collected("out").forEach(s -> ns.add((Long) s.get("n")));
        assertThat(ns).hasSize(10).allMatch(n -> n < 10);
    }

    @Test
    void aRecordThatCannotBeDecodedKillsTheJobNamingItOrIsSkippedOrDeadLettered() throws Exception {
        broker.topic("dirty", 1);
        broker.produce("dirty", 0, List.of(json(Map.of("n", 1L)), "not json".getBytes(StandardCharsets.UTF_8),
            json(Map.of("n", 2L))));

        final JobHandle killed = sardonyx.submit(Job.builder().chain("in", "out")
            .task(input("dirty").with(KafkaPlugin.TARGET_OFFSETS, "end-at-start"))
            .task(Task.output("out", "collect").batchSize(50)).build());
        final JobOutcome outcome = await(killed);
        assertThat(outcome.status()).isEqualTo(JobStatus.KILLED);
        assertThat(outcome.reason()).contains("cannot decode the record at kafka topic dirty partition 0 offset 1");

        final JobHandle skipping = sardonyx.submit(Job.builder().chain("in", "out")
            .task(input("dirty").with(KafkaPlugin.TARGET_OFFSETS, "end-at-start")
                .with(KafkaPlugin.ON_BAD_RECORD, "skip"))
            .task(Task.output("out", "collect").batchSize(50)).build());
        assertThat(await(skipping).completed()).isTrue();
        assertThat(skipping.collected("out")).hasSize(2);
        assertThat(sardonyx.scrape()).contains("sardonyx_kafka_records_skipped_total{job=\"" + skipping.id());

        broker.topic("dirty-letters", 1);
        final JobHandle lettering = sardonyx.submit(Job.builder().chain("in", "out")
            .task(input("dirty").with(KafkaPlugin.TARGET_OFFSETS, "end-at-start")
                .with(KafkaPlugin.ON_BAD_RECORD, "dead-letter").with(KafkaPlugin.DEAD_LETTER_TOPIC, "dirty-letters"))
            .task(Task.output("out", "collect").batchSize(50)).build());
        assertThat(await(lettering).completed()).isTrue();
        assertThat(lettering.collected("out")).hasSize(2);
        final List<ConsumerRecord<byte[], byte[]>> letters = broker.readCommitted("dirty-letters");
        assertThat(letters).hasSize(1);
        assertThat(new String(letters.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not json");
        assertThat(new String(letters.get(0).headers().lastHeader("sardonyx.offset").value(),
            StandardCharsets.UTF_8)).isEqualTo("1");
        assertThat(new String(letters.get(0).headers().lastHeader("sardonyx.error").value(),
            StandardCharsets.UTF_8)).contains("JSON");
    }

    @Test
    void partitionsAddedWhileAJobRunsAreReadFromTheirStart() throws Exception {
        broker.topic("growing", 1);
        broker.topic("grown", 1);
        broker.produce("growing", 0, List.of(json(Map.of("n", 0L))));
        final JobHandle job = sardonyx.submit(Job.builder().chain("in", "inc", "out")
            .task(input("growing").nPeers(2).with(KafkaPlugin.DISCOVERY_MS, 200L))
            .task(Task.function("inc", "io.sardonyx.kafka.KafkaFns::inc").batchSize(50))
            .task(output("grown")).build());
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> running(job)
            && committedNs("grown").size() == 1);
        broker.admin().createPartitions(Map.of("growing", NewPartitions.increaseTo(3))).all().get();
        broker.produce("growing", 1, List.of(json(Map.of("n", 10L))));
        broker.produce("growing", 2, List.of(json(Map.of("n", 20L)), json(Map.of("n", 21L))));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> running(job)
            && committedNs("grown").size() == 4);
        assertThat(new TreeSet<>(committedNs("grown"))).containsExactly(1L, 11L, 21L, 22L);
        job.kill();
    }

    @Test
    void aJobResumedOnAnotherNumberOfPeersKeepsEveryPartitionsPlace() throws Exception {
        broker.topic("resumed", 6);
        broker.topic("resumed-out", 3);
        produceSpread("resumed", 6, 0, 600);
        final JobHandle first = sardonyx.submit(Job.builder().chain("in", "inc", "out")
            .task(input("resumed").nPeers(3))
            .task(Task.function("inc", "io.sardonyx.kafka.KafkaFns::inc").batchSize(50))
            .task(output("resumed-out").nPeers(3)).build());
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> running(first)
            && committedNs("resumed-out").size() == 600);
        first.kill();
        await(first);
        produceSpread("resumed", 6, 600, 1200);
        final JobHandle second = sardonyx.submit(Job.builder().chain("in", "inc", "out")
            .task(input("resumed").nPeers(2).with(KafkaPlugin.TARGET_OFFSETS, "end-at-start"))
            .task(Task.function("inc", "io.sardonyx.kafka.KafkaFns::inc").batchSize(50))
            .task(output("resumed-out").nPeers(1))
            .resumePoint(Map.of("in", Map.of("job-id", first.id()), "out", Map.of("job-id", first.id())))
            .build());
        final JobOutcome outcome = await(second);
        assertThat(outcome.completed()).as(outcome.reason()).isTrue();
        final List<Long> ns = committedNs("resumed-out");
        assertThat(new HashSet<>(ns)).hasSize(1200);
        assertThat(ns).as("each once").hasSize(1200);
    }

    /** True while the job runs; a job that ended fails the test at once, with its reason. */
    private static boolean running(final JobHandle job) throws Exception {
        final JobStatus status = job.status();
        if (status == JobStatus.KILLED || status == JobStatus.COMPLETED) {
            throw new AssertionError("job " + job.id() + " ended: " + await(job).reason());
        }
        return true;
    }

    @Test
    void startsAtGivenOffsetsAtATimestampOrTheGroupsCommittedOffsetsAndEndsAtInclusiveTargets() throws Exception {
        broker.topic("starts", 2);
        final long base = System.currentTimeMillis() - 100_000;
        for (int p = 0; p < 2; p++) {
            try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of())) {
                for (long n = 0; n < 10; n++) {
                    producer.send(new ProducerRecord<>("starts", p, base + n * 1000, null,
                        json(Map.of("n", p * 100 + n))));
                }
                producer.flush();
            }
        }
        // Offsets {0: 7, 1: 2} to targets {0: 8, 1: 3}, inclusive: 7, 8 of partition 0 and 2, 3 of partition 1.
        assertThat(ns(read("starts", Map.of(KafkaPlugin.START_OFFSETS, Map.of("0", 7L, "starts:1", 2L),
            KafkaPlugin.TARGET_OFFSETS, Map.of("0", 8L, "1", 3L))))).containsExactly(7L, 8L, 102L, 103L);
        // From the first record at or after the time of the eighth of each partition.
        assertThat(ns(read("starts", Map.of(KafkaPlugin.START_TIMESTAMP, base + 7000,
            KafkaPlugin.TARGET_OFFSETS, "end-at-start")))).containsExactly(7L, 8L, 9L, 107L, 108L, 109L);
        // The whole topic, wrapped, committing its offsets to a group when checkpoints complete.
        final List<Map<String, Object>> wrapped = read("starts", Map.of(KafkaPlugin.WRAP, true,
            KafkaPlugin.GROUP_ID, "starts-group", KafkaPlugin.TARGET_OFFSETS, "end-at-start"));
        assertThat(wrapped).hasSize(20);
        final Map<String, Object> first = wrapped.stream().filter(w -> Long.valueOf(0).equals(w.get("offset"))
            && Long.valueOf(1).equals(w.get("partition"))).findFirst().orElseThrow();
        assertThat(first).containsEntry("topic", "starts").containsEntry("timestamp", base)
            .containsEntry("message", Map.of("n", 100L)).containsKeys("key", "headers");
        final var committed = broker.admin().listConsumerGroupOffsets("starts-group").partitionsToOffsetAndMetadata()
            .get();
        assertThat(committed.values()).as("offsets committed for Kafka's tools").allMatch(o -> o.offset() == 10);
        // The group's committed offsets as the start: nothing is left to read.
        assertThat(read("starts", Map.of(KafkaPlugin.GROUP_ID, "starts-group", KafkaPlugin.START_OFFSETS,
            "committed", KafkaPlugin.TARGET_OFFSETS, "end-at-start"))).isEmpty();
    }

    @Test
    void atLeastOnceWritesEverythingAndATransactionTimeoutOverTheBrokersIsNamed() throws Exception {
        broker.topic("plain-in", 1);
        broker.topic("plain-out", 1);
        broker.produce("plain-in", 0, List.of(json(Map.of("n", 1L)), json(Map.of("n", 2L))));
        final JobHandle job = sardonyx.submit(Job.builder().chain("in", "inc", "out")
            .task(input("plain-in").with(KafkaPlugin.TARGET_OFFSETS, "end-at-start"))
            .task(Task.function("inc", "io.sardonyx.kafka.KafkaFns::inc").batchSize(50))
            .task(output("plain-out").with(KafkaPlugin.SEMANTICS, "at-least-once")).build());
        assertThat(await(job).completed()).isTrue();
        assertThat(committedNs("plain-out")).containsExactlyInAnyOrder(2L, 3L);

        final JobHandle tooLong = sardonyx.submit(Job.builder().chain("in", "inc", "out")
            .task(input("plain-in").with(KafkaPlugin.TARGET_OFFSETS, "end-at-start"))
            .task(Task.function("inc", "io.sardonyx.kafka.KafkaFns::inc").batchSize(50))
            .task(output("plain-out").with(KafkaPlugin.TRANSACTION_TIMEOUT_MS, 86_400_000L)).build());
        final JobOutcome outcome = await(tooLong);
        assertThat(outcome.status()).isEqualTo(JobStatus.KILLED);
        assertThat(outcome.reason()).contains("\"kafka/transaction-timeout-ms\" is 86400000 ms but the broker "
            + "allows at most");
    }

    @Test
    void aPartitionWithoutRecordsStopsHoldingTheWatermarkOnceIdle() throws Exception {
        broker.topic("one-quiet", 2);
        broker.topic("one-quiet-counts", 1);
        final long base = 1_000_000;
        try (KafkaProducer<byte[], byte[]> producer = broker.producer(Map.of())) {
            // Partition 0 only, three seconds of event time; partition 1 stays empty.
            for (long t = base; t < base + 3000; t += 100) {
                producer.send(new ProducerRecord<>("one-quiet", 0, t, null, json(Map.of("k", "a", "t", t))));
            }
            producer.flush();
        }
        final JobHandle job = sardonyx.submit(Job.builder().chain("in", "count", "out")
            .task(input("one-quiet").nPeers(1).with(KafkaPlugin.IDLE_MS, 500L))
            .task(Task.builder("count", io.sardonyx.job.TaskType.REDUCE).batchSize(50)
                .with(Task.GROUP_BY_KEY, "k").with("onyx/flux-policy", "recover"))
            .task(output("one-quiet-counts"))
            .window(io.sardonyx.job.Window.builder("per-second", "count", io.sardonyx.job.WindowType.FIXED)
                .aggregation("onyx.windowing.aggregation/count").windowKey("t")
                .range(1, io.sardonyx.job.WindowUnit.SECONDS))
            .trigger(io.sardonyx.job.Trigger.builder("wm", "per-second", io.sardonyx.job.TriggerKind.WATERMARK)
                .emit("io.sardonyx.kafka.KafkaFns::emitCount").evictAll())
            .build());
        // The windows before the newest record's second close though partition 1 never said anything.
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> running(job)
            && broker.readCommitted("one-quiet-counts").size() >= 2);
        final List<Map<?, ?>> counts = new ArrayList<>();
        for (final ConsumerRecord<byte[], byte[]> r : broker.readCommitted("one-quiet-counts")) {
            counts.add((Map<?, ?>) JsonText.parse(new String(r.value(), StandardCharsets.UTF_8)));
        }
        assertThat(counts).allMatch(c -> Long.valueOf(10).equals(c.get("count")));
        job.kill();
    }

    /** Runs a bounded read of the topic with these settings into a collect output; returns what it gathered. */
    private static List<Map<String, Object>> read(final String topic, final Map<String, Object> settings)
        throws Exception {
        Task.Builder in = input(topic);
        for (final Map.Entry<String, Object> setting : settings.entrySet()) {
            in = in.with(setting.getKey(), setting.getValue());
        }
        final JobHandle job = sardonyx.submit(Job.builder().chain("in", "out").task(in)
            .task(Task.output("out", "collect").batchSize(50)).build());
        final JobOutcome outcome = await(job);
        assertThat(outcome.completed()).as(outcome.reason()).isTrue();
        return job.collected("out");
    }

    private static List<Long> ns(final List<Map<String, Object>> segments) {
        final List<Long> out = new ArrayList<>();
        segments.forEach(s -> out.add((Long) s.get("n")));
        out.sort(Long::compare);
        return out;
    }

    private static void produceSpread(final String topic, final int partitions, final long from, final long to)
        throws Exception {
        for (int p = 0; p < partitions; p++) {
            final List<byte[]> values = new ArrayList<>();
            for (long n = from + p; n < to; n += partitions) {
                values.add(json(Map.of("n", n)));
            }
            broker.produce(topic, p, values);
        }
    }
}
