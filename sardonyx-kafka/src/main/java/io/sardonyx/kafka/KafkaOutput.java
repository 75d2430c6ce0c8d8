package io.sardonyx.kafka;

import io.sardonyx.job.JsonValues;
import io.sardonyx.plugin.OutputPlugin;
import io.sardonyx.plugin.PluginContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kafka} output.
 *
 * <p>Exactly-once (the default) keeps Kafka's transactions short and needs nothing of the client's internals: the
 * records an epoch writes are kept, serialised, in the epoch's checkpoint, and written in one transaction only once
 * that checkpoint is complete. The same transaction commits a marker, the epoch, as the offset metadata of a
 * consumer group of the slot's own, so the marker is visible exactly when the records are. Recovering from a
 * checkpoint, the slot that takes over a slot's pending epochs first starts a producer with that slot's
 * transactional id (which fences every zombie of it and aborts its open transaction), then reads the marker, then
 * writes only the epochs after it. So no zombie can commit, an epoch is never written twice, and read_committed
 * readers are never left behind an open transaction. The cost: records become visible one checkpoint later (the
 * barrier period plus the commit), and each checkpoint stores the records of its epoch.
 *
 * <p>At-least-once sends at once through an idempotent producer and flushes at every barrier.
 */
public final class KafkaOutput implements OutputPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaOutput.class);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SLOTS = "slots";

    /** One record, serialised. */
    private record Rec(String topic, Integer partition, byte[] key, byte[] value, Long timestamp,
                       List<Object> headers) {
        Map<String, Object> toState() {
            final Map<String, Object> out = new LinkedHashMap<>();
            out.put("t", topic);
            out.put("p", partition == null ? null : (long) partition);
            out.put("k", key);
            out.put("v", value);
            out.put("ts", timestamp);
            out.put("h", headers);
            return out;
        }

        static Rec fromState(final Map<?, ?> state) {
            final Object partition = state.get("p");
            final Object timestamp = state.get("ts");
            @SuppressWarnings("unchecked")
            final List<Object> headers = state.get("h") instanceof List<?> h ? (List<Object>) h : List.of();
            return new Rec((String) state.get("t"), partition == null ? null : ((Number) partition).intValue(),
                (byte[]) state.get("k"), (byte[]) state.get("v"), timestamp == null ? null
                : ((Number) timestamp).longValue(), headers);
        }

        ProducerRecord<byte[], byte[]> toRecord() {
            final ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition, timestamp, key,
                value);
            for (final Object header : headers) {
                final List<?> pair = (List<?>) header;
                record.headers().add(String.valueOf(pair.get(0)), (byte[]) pair.get(1));
            }
            return record;
        }
    }

    /** What an epoch wrote, not yet committed, and where it was written (version, epoch, original slot). */
    private record Epoch(long version, long epoch, List<Rec> records) {
        Map<String, Object> toState() {
            final List<Object> recs = new ArrayList<>(records.size());
            records.forEach(r -> recs.add(r.toState()));
            return Map.of("version", version, "epoch", epoch, "records", recs);
        }

        String marker() {
            return version + ":" + epoch;
        }

        boolean after(final long[] marker) {
            return marker == null || version > marker[0] || version == marker[0] && epoch > marker[1];
        }
    }

    private PluginContext context;
    private Formats.Encoder values;
    private Formats.Encoder keys;
    private String topic;
    private Integer partition;
    private boolean exactlyOnce;
    private Properties producerProps;
    private KafkaProducer<byte[], byte[]> producer;
    private List<Rec> open = new ArrayList<>();
    private final TreeMap<Long, Epoch> prepared = new TreeMap<>();
    private final AtomicReference<Exception> failed = new AtomicReference<>();
    private final Map<String, KafkaConsumer<byte[], byte[]>> markerConsumers = new java.util.HashMap<>();

    @Override
    public void start(final PluginContext pluginContext) throws Exception {
        this.context = pluginContext;
        final Map<String, Object> task = pluginContext.task().attributes();
        values = Formats.encoder(task.get(KafkaPlugin.SERIALIZER), "json", pluginContext.code());
        keys = Formats.encoder(task.get(KafkaPlugin.KEY_SERIALIZER), "string", pluginContext.code());
        topic = (String) task.get(KafkaPlugin.TOPIC);
        partition = task.get(KafkaPlugin.PARTITION) instanceof Number n ? n.intValue() : null;
        exactlyOnce = !"at-least-once".equals(task.get(KafkaPlugin.SEMANTICS));
        producerProps = TaskSettings.producer(task, Map.of(
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG, (int) TaskSettings.number(task, KafkaPlugin.REQUEST_SIZE,
                KafkaPlugin.DEFAULT_REQUEST_SIZE),
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, "5"));
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        if (exactlyOnce) {
            final long timeout = TaskSettings.number(task, KafkaPlugin.TRANSACTION_TIMEOUT_MS,
                KafkaPlugin.DEFAULT_TRANSACTION_TIMEOUT_MS);
            checkTransactionTimeout(timeout);
            producerProps.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) timeout);
        }
        producer = exactlyOnce ? transactional(transactionalId(pluginContext.slot()))
            : new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The broker refuses a transaction timeout over its transaction.max.timeout.ms: say so before any record. */
    private void checkTransactionTimeout(final long timeout) throws Exception {
        try (Admin admin = admin()) {
            final String broker = admin.describeCluster().nodes().get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .iterator().next().idString();
            final ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker);
            final Config config = admin.describeConfigs(List.of(resource)).all()
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            final var max = config.get("transaction.max.timeout.ms");
            if (max != null && max.value() != null && timeout > Long.parseLong(max.value())) {
                throw new IllegalArgumentException("task " + context.task().name() + ": \""
                    + KafkaPlugin.TRANSACTION_TIMEOUT_MS + "\" is " + timeout + " ms but the broker allows at most "
                    + max.value() + " ms (transaction.max.timeout.ms); lower it or raise the broker's");
            }
        }
    }

    private Admin admin() {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            producerProps.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        return Admin.create(props);
    }

    /** A transactional producer with this id; starting it fences every earlier producer of the id. */
    private KafkaProducer<byte[], byte[]> transactional(final String id) {
        final Properties props = new Properties();
        props.putAll(producerProps);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
        final KafkaProducer<byte[], byte[]> made = new KafkaProducer<>(props, new ByteArraySerializer(),
            new ByteArraySerializer());
        made.initTransactions();
        return made;
    }

    private String transactionalId(final int slot) {
        return "sardonyx-" + context.jobId() + "-" + context.task().name() + "-" + slot;
    }

    /** The consumer group whose committed offset metadata marks a slot's last committed epoch. */
    private String markerGroup(final int slot) {
        return "sardonyx-commits-" + context.jobId() + "-" + context.task().name() + "-" + slot;
    }

    @Override
    public boolean write(final List<Map<String, Object>> batch) throws Exception {
        rethrow();
        for (final Map<String, Object> segment : batch) {
            final Rec rec = record(segment);
            if (exactlyOnce) {
                open.add(rec);
            } else {
                producer.send(rec.toRecord(), (metadata, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    }
                });
            }
        }
        return true;
    }

    private Rec record(final Map<String, Object> segment) throws Exception {
        if (!segment.containsKey("message")) {
            throw new IllegalArgumentException("task " + context.task().name() + ": a segment for kafka has no "
                + "\"message\" (it needs message, and may have key, partition, topic, timestamp, headers); got keys "
                + segment.keySet());
        }
        final Object named = segment.get("topic");
        final String to = named instanceof String t ? t : topic;
        if (to == null) {
            throw new IllegalArgumentException("task " + context.task().name() + ": a segment names no \"topic\" and "
                + "the task sets no \"" + KafkaPlugin.TOPIC + "\"");
        }
        final Object p = segment.get("partition");
        final Object ts = segment.get("timestamp");
        final List<Object> headers = new ArrayList<>();
        if (segment.get("headers") instanceof Map<?, ?> map) {
            map.forEach((k, v) -> headers.add(List.of(String.valueOf(k), v instanceof byte[] b ? b
                : String.valueOf(v).getBytes(StandardCharsets.UTF_8))));
        }
        final Object key = segment.get("key");
        return new Rec(to, p instanceof Number n ? Integer.valueOf(n.intValue()) : partition,
            key == null ? null : keys.encode(key), values.encode(segment.get("message")),
            ts instanceof Number n ? Long.valueOf(n.longValue()) : null, headers);
    }

    private void rethrow() throws Exception {
        final Exception e = failed.get();
        if (e != null) {
            throw new IllegalStateException("task " + context.task().name() + ": kafka refused a record: " + e, e);
        }
    }

    @Override
    public Object checkpoint() {
        if (!exactlyOnce) {
            return null;
        }
        final List<Object> pending = new ArrayList<>();
        prepared.values().forEach(e -> pending.add(e.toState()));
        final Map<String, Object> slot = Map.of("slot", (long) context.slot(), "txn",
            transactionalId(context.slot()), "group", markerGroup(context.slot()), "pending", pending);
        return Map.of(SLOTS, List.of(slot));
    }

    @Override
    public Object checkpoint(final long epoch) {
        if (!exactlyOnce) {
            producer.flush();
            return null;
        }
        if (!open.isEmpty()) {
            prepared.put(epoch, new Epoch(context.version(), epoch, open));
            open = new ArrayList<>();
        }
        return checkpoint();
    }

    @Override
    public void checkpointed(final long epoch) throws Exception {
        if (!exactlyOnce) {
            producer.flush();
            rethrow();
            return;
        }
        final List<Epoch> due = new ArrayList<>(prepared.headMap(epoch, true).values());
        if (!due.isEmpty()) {
            commit(producer, markerGroup(context.slot()), due);
            prepared.headMap(epoch, true).clear();
        }
    }

    /** Writes epochs in one transaction with the slot's marker at the last of them. */
    private void commit(final KafkaProducer<byte[], byte[]> by, final String group, final List<Epoch> epochs) {
        by.beginTransaction();
        int count = 0;
        TopicPartition markerAt = null;
        for (final Epoch epoch : epochs) {
            for (final Rec rec : epoch.records()) {
                by.send(rec.toRecord());
                count++;
                if (markerAt == null) {
                    markerAt = new TopicPartition(rec.topic(), 0);
                }
            }
        }
        final Epoch last = epochs.get(epochs.size() - 1);
        if (markerAt != null) {
            by.sendOffsetsToTransaction(Map.of(markerAt, new OffsetAndMetadata(last.epoch(), last.marker())),
                groupMetadata(group));
        }
        by.commitTransaction();
        LOG.debug("task {}: committed {} records of epochs up to {} (marker group {})", context.task().name(), count,
            last.marker(), group);
    }

    /**
     * The metadata of a marker group, as a consumer of it (never subscribed, so never a member) gives it: the public
     * way to name a group to a transaction.
     */
    private ConsumerGroupMetadata groupMetadata(final String group) {
        return markerConsumers.computeIfAbsent(group, g -> {
            final Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                producerProps.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
            props.put(ConsumerConfig.GROUP_ID_CONFIG, g);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }).groupMetadata();
    }

    /** The last (version, epoch) a slot committed, or null: read after its producer fenced every earlier one. */
    private long[] marker(final Admin admin, final String group) throws Exception {
        final Map<TopicPartition, OffsetAndMetadata> offsets;
        try {
            offsets = admin.listConsumerGroupOffsets(group, new ListConsumerGroupOffsetsOptions()
                .requireStable(true)).partitionsToOffsetAndMetadata().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final ExecutionException | TimeoutException e) {
            throw new IllegalStateException("task " + context.task().name() + ": cannot read what was committed to "
                + "kafka under marker group " + group + ": " + e.getMessage(), e);
        }
        long[] best = null;
        for (final OffsetAndMetadata offset : offsets.values()) {
            if (offset == null || offset.metadata() == null || !offset.metadata().contains(":")) {
                continue;
            }
            final String[] parts = offset.metadata().split(":");
            final long[] at = {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
            if (best == null || at[0] > best[0] || at[0] == best[0] && at[1] > best[1]) {
                best = at;
            }
        }
        return best;
    }

    /**
     * This slot takes the pending epochs of the earlier slots whose number maps to it ({@code slot % peers}), so each
     * earlier slot's transactional id is used by one peer only.
     */
    @Override
    public Object rescale(final List<Object> checkpoints) {
        final List<Object> mine = new ArrayList<>();
        for (final Object state : checkpoints) {
            for (final Object slot : slots(state)) {
                final int original = ((Number) ((Map<?, ?>) slot).get("slot")).intValue();
                if (original % context.peers() == context.slot()) {
                    mine.add(slot);
                }
            }
        }
        return Map.of(SLOTS, mine);
    }

    private static List<?> slots(final Object state) {
        return state instanceof Map<?, ?> map && map.get(SLOTS) instanceof List<?> list ? list : List.of();
    }

    /** Finishes the commits the checkpoint lists, each under its slot's transactional id, past its marker. */
    @Override
    public void recover(final Object checkpoint) throws Exception {
        if (!exactlyOnce || checkpoint == null) {
            return;
        }
        try (Admin admin = admin()) {
            for (final Object entry : slots(checkpoint)) {
                final Map<?, ?> slotState = (Map<?, ?>) entry;
                final String id = (String) slotState.get("txn");
                final String group = (String) slotState.get("group");
                final List<Epoch> epochs = new ArrayList<>();
                for (final Object e : (List<?>) slotState.get("pending")) {
                    final Map<?, ?> state = (Map<?, ?>) e;
                    final List<Rec> recs = new ArrayList<>();
                    ((List<?>) state.get("records")).forEach(r -> recs.add(Rec.fromState((Map<?, ?>) r)));
                    epochs.add(new Epoch(((Number) state.get("version")).longValue(),
                        ((Number) state.get("epoch")).longValue(), recs));
                }
                if (epochs.isEmpty()) {
                    continue;
                }
                final KafkaProducer<byte[], byte[]> by = id.equals(transactionalId(context.slot())) ? producer
                    : transactional(id);
                try {
                    final long[] marker = marker(admin, group);
                    final List<Epoch> due = epochs.stream().filter(e -> e.after(marker)).toList();
                    if (!due.isEmpty()) {
                        commit(by, group, due);
                        LOG.info("task {} slot {}: committed {} epoch(s) of {} that its checkpoint listed",
                            context.task().name(), context.slot(), due.size(), id);
                    }
                } finally {
                    if (by != producer) {
                        by.close(WAIT);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        markerConsumers.values().forEach(c -> c.close(CloseOptions.timeout(Duration.ofSeconds(1))));
        markerConsumers.clear();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
        open = new ArrayList<>();
        prepared.clear();
        failed.set(null);
    }

    @Override
    public String toString() {
        return "KafkaOutput[" + (context == null ? "?" : context.task().name()) + ", "
            + (exactlyOnce ? "exactly-once" : "at-least-once") + ", " + JsonValues.describe(topic) + "]";
    }
}
