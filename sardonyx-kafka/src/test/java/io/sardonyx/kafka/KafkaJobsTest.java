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
