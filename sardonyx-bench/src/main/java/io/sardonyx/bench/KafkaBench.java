package io.sardonyx.bench;

import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.kafka.EmbeddedKafka;
import io.sardonyx.kafka.KafkaPlugin;
import io.sardonyx.task.RuntimeSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;

/**
 * W6: Kafka → inc → Kafka, exactly once, 4 partitions, on one broker (in this JVM), run by Sardonyx and by Kafka
 * Streams (exactly_once_v2), each in a JVM of its own. Throughput: the input is produced first, and the time runs from
 * the engine's start to the moment a read_committed consumer has every result. Latency: records produced at a steady
 * rate carry their produce time, and the consumer takes the time each result becomes readable. CPU: the engine
 * process's CPU time over the run, per million records (the broker's is in this JVM, counted for neither). Both
 * commit every 100 ms (Kafka Streams' default under exactly-once; Sardonyx's barrier period set to match).
 */
public final class KafkaBench {
    private static final int PARTITIONS = 4;
    private static final long COMMIT_MS = 100;
    /** The last lines the engine process printed, for a failure's message. */
    private static final List<String> TAIL = new ArrayList<>();
    private final PrintStream out;
    private final boolean quick;

    KafkaBench(final PrintStream out, final boolean quick) {
        this.out = out;
        this.quick = quick;
    }

    void run() throws Exception {
        final long count = quick ? 200_000 : 2_000_000;
        final long rate = quick ? 20_000 : 50_000;
        final long latencySeconds = quick ? 5 : 15;
        out.printf(Locale.ROOT, "W6: kafka -> inc -> kafka, exactly once, %d partitions, commits every %d ms; "
            + "%,d records for throughput, %,d/s for %d s for latency%n", PARTITIONS, COMMIT_MS, count, rate,
            latencySeconds);
        out.printf(Locale.ROOT, "  %-14s %14s %14s %10s %10s%n", "system", "records/s", "CPU s/M", "p50 ms",
            "p99 ms");
        final int rounds = quick ? 1 : 2;
        for (final String system : List.of("sardonyx", "streams")) {
            final List<double[]> results = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary("127.0.0.1")) {
                    final double[] throughput = throughput(kafka.bootstrapServers(), system, count);
                    final double[] latency = latency(kafka.bootstrapServers(), system, rate, latencySeconds);
                    results.add(new double[] {throughput[0], throughput[1], latency[0], latency[1]});
                }
            }
            final double[] best = results.stream().max(java.util.Comparator.comparingDouble(r -> r[0])).orElseThrow();
            out.printf(Locale.ROOT, "  %-14s %,14.0f %14.2f %10.1f %10.1f%n", system, best[0], best[1], best[2],
                best[3]);
        }
    }

    /** Records per second and CPU seconds per million, from the engine's start to the last result readable. */
    private double[] throughput(final String servers, final String system, final long count) throws Exception {
        topics(servers, "w6-in", "w6-out");
        produce(servers, count, 0, 0);
        final Process engine = start(system, servers, true);
        try (KafkaConsumer<byte[], byte[]> reader = reader(servers)) {
            final long cpuAtStart = cpu(engine);
            final long start = System.nanoTime();
            long seen = 0;
            final long deadline = start + TimeUnit.MINUTES.toNanos(3);
            while (seen < count) {
                if (System.nanoTime() > deadline || !engine.isAlive()) {
                    synchronized (TAIL) {
                        throw new IllegalStateException(system + " wrote " + seen + " of " + count + " results; its "
                            + "last lines:\n" + String.join("\n", TAIL));
                    }
                }
                seen += reader.poll(Duration.ofMillis(100)).count();
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            final double cpuSeconds = (cpu(engine) - cpuAtStart) / 1e9;
            return new double[] {count / seconds, cpuSeconds / (count / 1e6)};
        } finally {
            engine.destroy();
            engine.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** p50 and p99 in ms from produce to readable by a read_committed consumer, at a steady rate. */
    private double[] latency(final String servers, final String system, final long rate, final long seconds)
        throws Exception {
        topics(servers, "w6-lin", "w6-lout");
        final Process engine = start(system, servers, false);
        try (KafkaConsumer<byte[], byte[]> reader = reader(servers, "w6-lout")) {
            final long total = rate * seconds;
            final Thread producer = new Thread(() -> {
                try {
                    produce(servers, total, rate, 0);
                } catch (final Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "w6-producer");
            producer.start();
            final List<Long> latencies = new ArrayList<>();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 120);
            while (latencies.size() < total && System.nanoTime() < deadline) {
                for (final ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(20))) {
                    final String text = new String(record.value(), StandardCharsets.UTF_8);
                    final int at = text.indexOf("\"at\":");
                    final long producedAt = Long.parseLong(text.substring(at + 5, text.indexOf('}', at)).trim());
                    latencies.add(System.currentTimeMillis() - producedAt);
                }
            }
            producer.join();
            // The first second is the engine finding its feet: leave it out.
            final List<Long> steady = latencies.subList((int) Math.min(latencies.size(), rate), latencies.size());
            final List<Long> sorted = new ArrayList<>(steady);
            sorted.sort(Long::compare);
            if (sorted.isEmpty()) {
                throw new IllegalStateException(system + " wrote no result in the latency run");
            }
            return new double[] {sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.99))};
        } finally {
            engine.destroy();
            engine.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static long cpu(final Process process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static Properties props(final String servers) {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        return props;
    }

    private static void topics(final String servers, final String in, final String out) throws Exception {
        try (Admin admin = Admin.create(props(servers))) {
            admin.createTopics(List.of(new NewTopic(in, PARTITIONS, (short) 1), new NewTopic(out, PARTITIONS,
                (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** {"n": i, "at": produce time in ms} to w6-in (throughput) or w6-lin (paced); rate 0 for as fast as it goes. */
    private static void produce(final String servers, final long count, final long rate, final long from)
        throws Exception {
        final Properties props = props(servers);
        props.put(ProducerConfig.LINGER_MS_CONFIG, rate == 0 ? "20" : "1");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        final String topic = rate == 0 ? "w6-in" : "w6-lin";
        final long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
            new ByteArraySerializer())) {
            for (long n = from; n < from + count; n++) {
                if (rate > 0) {
                    final long due = start + (n - from) * 1_000_000_000L / rate;
                    final long wait = due - System.nanoTime();
                    if (wait > 100_000) {
                        LockSupport.parkNanos(wait);
                    }
                }
                producer.send(new ProducerRecord<>(topic, (int) (n % PARTITIONS), Long.toString(n)
                    .getBytes(StandardCharsets.UTF_8), ("{\"n\":" + n + ",\"at\":" + System.currentTimeMillis() + "}")
                    .getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private static KafkaConsumer<byte[], byte[]> reader(final String servers) {
        return reader(servers, "w6-out");
    }

    private static KafkaConsumer<byte[], byte[]> reader(final String servers, final String topic) {
        final Properties props = props(servers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        final KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
        final List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** The engine in a JVM of its own; returns once it says it is ready (its CPU from then on is the run's). */
    private static Process start(final String system, final String servers, final boolean throughput)
        throws Exception {
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-Xms1g", "-Xmx3g", "-XX:+UseG1GC", "--add-exports",
            "java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            Bench.class.getName(), "kafka-child", system, servers, throughput ? "w6-in" : "w6-lin",
            throughput ? "w6-out" : "w6-lout"));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8));
        final List<String> said = new ArrayList<>();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if ("READY".equals(line.trim())) {
                final Thread drain = new Thread(() -> lines.lines().forEach(l -> {
                    synchronized (TAIL) {
                        TAIL.add(l);
                        if (TAIL.size() > 40) {
                            TAIL.remove(0);
                        }
                    }
                }), "w6-drain");
                drain.setDaemon(true);
                drain.start();
                return process;
            }
            said.add(line);
        }
        throw new IllegalStateException(system + " did not start:\n" + String.join("\n", said));
    }

    /** The engine side: {@code kafka-child SYSTEM SERVERS IN OUT}; prints READY, then runs until killed. */
    static void child(final String system, final String servers, final String in, final String out)
        throws Exception {
        final PrintStream said = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
            StandardCharsets.UTF_8);
        if ("streams".equals(system)) {
            final Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "w6-" + in);
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_MS);
            props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
            props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
            final StreamsBuilder builder = new StreamsBuilder();
            builder.<byte[], byte[]>stream(in).mapValues(KafkaBench::inc).to(out);
            final KafkaStreams streams = new KafkaStreams(builder.build(), props);
            said.println("READY");
            streams.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> streams.close(Duration.ofSeconds(5))));
            Thread.currentThread().join();
            return;
        }
        final Sardonyx sardonyx = Sardonyx.builder()
            .runtime(RuntimeSettings.DEFAULT.withBarrierPeriodMs(COMMIT_MS)).build();
        sardonyx.startPeers(4);
        said.println("READY");
        final JobHandle job = sardonyx.submit(Job.builder().chain("in", "inc", "out")
            .task(Task.input("in", KafkaPlugin.NAME).batchSize(500).nPeers(2).with(KafkaPlugin.TOPIC, in)
                .with(KafkaPlugin.BOOTSTRAP, servers).with(KafkaPlugin.DESERIALIZER, "bytes"))
            .task(Task.function("inc", "io.sardonyx.bench.KafkaBench::incSegment").batchSize(500).nPeers(2))
            .task(Task.output("out", KafkaPlugin.NAME).batchSize(500).nPeers(2).with(KafkaPlugin.TOPIC, out)
                .with(KafkaPlugin.BOOTSTRAP, servers).with(KafkaPlugin.SERIALIZER, "bytes"))
            .build());
        Runtime.getRuntime().addShutdownHook(new Thread(sardonyx::close));
        final JobOutcome outcome = job.await(Duration.ofDays(1));
        said.println("the job ended: " + outcome.reason());
    }

    /** The same work for both: the message's n plus one, the rest of the JSON text kept. */
    static byte[] inc(final byte[] value) {
        final String text = new String(value, StandardCharsets.UTF_8);
        final int comma = text.indexOf(',');
        final long n = Long.parseLong(text.substring(5, comma));
        return ("{\"n\":" + (n + 1) + text.substring(comma)).getBytes(StandardCharsets.UTF_8);
    }

    /** Sardonyx's inc: {message: bytes} → the message inc'ed. */
    public static Map<String, Object> incSegment(final Map<String, Object> segment) {
        return Map.of("message", inc((byte[]) segment.get("message")));
    }
}
