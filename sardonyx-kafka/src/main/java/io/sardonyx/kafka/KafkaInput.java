package io.sardonyx.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.sardonyx.job.FunctionKind;
import io.sardonyx.job.Task;
import io.sardonyx.plugin.InputPlugin;
import io.sardonyx.plugin.PluginContext;
import io.sardonyx.plugin.RatePacer;
import io.sardonyx.usercode.UserCalls;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kafka} input. Partitions are spread over the task's peers by a rule that never moves a partition
 * when partitions are added (any peer count works; a peer may hold several or none), read with {@code assign},
 * not a consumer group, so nothing rebalances behind the task's back. Its checkpoint is the next offset of every
 * partition it reads, by partition, so a job resumed on another number of peers keeps every partition's place. A
 * bounded read ends where the consumer's position passes the end, not where a record at the end offset is seen, so
 * a transaction marker or a compacted record at the end never hangs it.
 */
public final class KafkaInput implements InputPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaInput.class);
    private static final String OFFSETS = "offsets";
    private static final String ENDS = "ends";
    private static final Duration METADATA_WAIT = Duration.ofSeconds(10);

    private PluginContext context;
    private KafkaConsumer<byte[], byte[]> consumer;
    private BadRecords badRecords;
    private Formats.Decoder values;
    private Formats.Decoder keys;
    private MethodHandle watermarkFn;
    private boolean wrap;
    private List<String> topics;
    private Pattern pattern;
    private String offsetReset;
    private Object startOffsets;
    private Long startTimestamp;
    private Object targetOffsets;
    private long discoveryNanos;
    private long nextDiscovery;
    private PartitionWatermarks<TopicPartition> watermarks;
    /** The next offset to hand on, per partition this slot reads. */
    private final Map<TopicPartition, Long> next = new HashMap<>();
    /** A bounded read's end (exclusive) per partition, fixed when first known and kept in every checkpoint. */
    private final Map<TopicPartition, Long> ends = new HashMap<>();
    /** Ends every slot knew at the checkpoint it recovered from (partitions it may take over later keep theirs). */
    private final Map<String, Long> knownEnds = new HashMap<>();
    private final Set<TopicPartition> done = new java.util.HashSet<>();
    private final TreeMap<Long, Map<TopicPartition, OffsetAndMetadata>> toCommit = new TreeMap<>();
    private final Map<TopicPartition, Long> lag = new ConcurrentHashMap<>();
    private final List<Meter> meters = new ArrayList<>();
    private Iterator<ConsumerRecord<byte[], byte[]>> pending = Collections.emptyIterator();
    private Map<String, Long> recoveredOffsets;
    private boolean assigned;
    private RatePacer pacer;
    /** The offsets of the last complete checkpoint, committed to the group once more when the task closes. */
    private Map<TopicPartition, OffsetAndMetadata> lastCheckpointed;

    @Override
    public void start(final PluginContext pluginContext) {
        this.context = pluginContext;
        final Map<String, Object> task = pluginContext.task().attributes();
        values = Formats.decoder(task.get(KafkaPlugin.DESERIALIZER), "json", pluginContext.code());
        keys = Formats.decoder(task.get(KafkaPlugin.KEY_DESERIALIZER), "string", pluginContext.code());
        watermarkFn = task.get(Task.ASSIGN_WATERMARK_FN) instanceof String fn
            ? pluginContext.code().method(fn, FunctionKind.WATERMARK_FN, 1, List.of()) : null;
        wrap = Boolean.TRUE.equals(task.get(KafkaPlugin.WRAP));
        final Object topic = task.get(KafkaPlugin.TOPIC);
        topics = topic instanceof String s ? List.of(s) : topic == null ? List.of() : TaskSettings.strings(topic);
        pattern = task.get(KafkaPlugin.TOPIC_PATTERN) instanceof String p ? Pattern.compile(p) : null;
        offsetReset = (String) task.getOrDefault(KafkaPlugin.OFFSET_RESET, "earliest");
        startOffsets = task.get(KafkaPlugin.START_OFFSETS);
        startTimestamp = task.get(KafkaPlugin.START_TIMESTAMP) instanceof Number n ? n.longValue() : null;
        targetOffsets = task.get(KafkaPlugin.TARGET_OFFSETS);
        discoveryNanos = TimeUnit.MILLISECONDS.toNanos(TaskSettings.number(task, KafkaPlugin.DISCOVERY_MS,
            KafkaPlugin.DEFAULT_DISCOVERY_MS));
        pacer = new RatePacer(TaskSettings.number(task, KafkaPlugin.MAX_RATE, 0));
        watermarks = new PartitionWatermarks<>(TimeUnit.MILLISECONDS.toNanos(TaskSettings.number(task,
            KafkaPlugin.IDLE_MS, KafkaPlugin.DEFAULT_IDLE_MS)));
        consumer = new KafkaConsumer<>(consumerProperties(task), new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
        final Tags tags = Tags.of("job", pluginContext.jobId(), "task", pluginContext.task().name(), "slot",
            Integer.toString(pluginContext.slot()));
        badRecords = new BadRecords(pluginContext.task().name(), task, pluginContext.meters(), tags);
    }

    private Properties consumerProperties(final Map<String, Object> task) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            TaskSettings.servers(task.get(KafkaPlugin.BOOTSTRAP)));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, task.getOrDefault(KafkaPlugin.GROUP_ID, "sardonyx"));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, (int) Math.max(500, context.task().batchSize()));
        props.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG,
            (int) TaskSettings.number(task, KafkaPlugin.RECEIVE_BUFFER, 65_536));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "sardonyx-" + context.task().name() + "-" + context.slot());
        if (discoveryNanos > 0) {
            // The consumer answers partitionsFor from metadata it refreshes this often: new partitions show then.
            props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) TimeUnit.NANOSECONDS.toMillis(discoveryNanos));
        }
        TaskSettings.options(task.get(KafkaPlugin.CONSUMER_OPTS)).forEach(props::put);
        // What the plugin's correctness rests on is not the user's to change.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return props;
    }

    @Override
    public boolean ownsWatermark() {
        return true;
    }

    @Override
    public void recover(final Object checkpoint) {
        recoveredOffsets = new HashMap<>();
        if (checkpoint instanceof Map<?, ?> state) {
            if (state.get(OFFSETS) instanceof Map<?, ?> offsets) {
                offsets.forEach((k, v) -> recoveredOffsets.put(String.valueOf(k), ((Number) v).longValue()));
            }
            if (state.get(ENDS) instanceof Map<?, ?> known) {
                known.forEach((k, v) -> knownEnds.put(String.valueOf(k), ((Number) v).longValue()));
            }
        }
        assign(System.nanoTime());
    }

    /**
     * Every slot's offsets and ends merged: each partition appears in one slot's state, and {@link #recover} keeps the
     * partitions this slot now reads.
     */
    @Override
    public Object rescale(final List<Object> checkpoints) {
        final Map<String, Object> offsets = new TreeMap<>();
        final Map<String, Object> known = new TreeMap<>();
        for (final Object state : checkpoints) {
            if (state instanceof Map<?, ?> map) {
                if (map.get(OFFSETS) instanceof Map<?, ?> o) {
                    o.forEach((k, v) -> offsets.put(String.valueOf(k), v));
                }
                if (map.get(ENDS) instanceof Map<?, ?> e) {
                    e.forEach((k, v) -> known.put(String.valueOf(k), v));
                }
            }
        }
        return Map.of(OFFSETS, offsets, ENDS, known);
    }

    /** The partitions of the task's topics that this slot reads: stable for a partition whatever is added later. */
    private boolean owns(final TopicPartition partition) {
        return Math.floorMod(partition.topic().hashCode() * 31 + partition.partition(), context.peers())
            == context.slot();
    }

    private List<TopicPartition> partitions() {
        final List<TopicPartition> all = new ArrayList<>();
        if (pattern != null) {
            for (final Map.Entry<String, List<PartitionInfo>> topic : consumer.listTopics(METADATA_WAIT).entrySet()) {
                if (pattern.matcher(topic.getKey()).matches()) {
                    topic.getValue().forEach(p -> all.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
        } else {
            for (final String topic : topics) {
                final List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_WAIT);
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalStateException("task " + context.task().name() + ": kafka topic " + topic
                        + " has no partitions at "
                        + TaskSettings.servers(context.task().attributes().get(KafkaPlugin.BOOTSTRAP))
                        + " (does it exist?)");
                }
                infos.forEach(p -> all.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        all.sort(java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        return all;
    }

    /** Finds this slot's partitions (all of them at the start, new ones later) and places each. */
    private void assign(final long now) {
        final List<TopicPartition> mine = new ArrayList<>();
        for (final TopicPartition partition : partitions()) {
            if (owns(partition)) {
                mine.add(partition);
            }
        }
        final List<TopicPartition> added = new ArrayList<>();
        for (final TopicPartition partition : mine) {
            if (!next.containsKey(partition)) {
                added.add(partition);
            }
        }
        if (added.isEmpty() && assigned) {
            return;
        }
        consumer.assign(mine);
        final boolean first = !assigned;
        assigned = true;
        place(added, first);
        for (final TopicPartition partition : added) {
            watermarks.assigned(partition, now);
            lag.put(partition, 0L);
            meters.add(Gauge.builder("sardonyx.kafka.lag", lag, l -> l.getOrDefault(partition, 0L))
                .description("records between the input's position and the partition's end")
                .tags("job", context.jobId(), "task", context.task().name(), "topic", partition.topic(),
                    "partition", Integer.toString(partition.partition()))
                .register(context.meters()));
        }
        if (!first) {
            LOG.info("task {} slot {}: reading new kafka partitions {} from their start", context.task().name(),
                context.slot(), added);
        }
    }

    /**
     * Where each new partition starts: its checkpointed offset, else (for partitions there at the start) the task's
     * start rule, else (a partition found later) its beginning; and where a bounded read of it ends.
     */
    private void place(final List<TopicPartition> added, final boolean atStart) {
        final Map<TopicPartition, Long> fromStart = atStart ? startPositions(added) : Map.of();
        final List<TopicPartition> toBeginning = new ArrayList<>();
        for (final TopicPartition partition : added) {
            final Long recovered = recoveredOffsets == null ? null : recoveredOffsets.get(PartitionKey.of(partition));
            final Long position = recovered != null ? recovered : fromStart.get(partition);
            if (position != null) {
                consumer.seek(partition, position);
                next.put(partition, position);
            } else {
                toBeginning.add(partition);
            }
        }
        if (!toBeginning.isEmpty()) {
            final Map<TopicPartition, Long> beginnings = "latest".equals(offsetReset) && atStart
                ? consumer.endOffsets(toBeginning, METADATA_WAIT) : consumer.beginningOffsets(toBeginning,
                METADATA_WAIT);
            beginnings.forEach((partition, offset) -> {
                consumer.seek(partition, offset);
                next.put(partition, offset);
            });
        }
        if (targetOffsets != null) {
            bound(added);
        }
    }

    /** The task's start rule for partitions there when it starts: offsets, committed, a timestamp, or none. */
    private Map<TopicPartition, Long> startPositions(final List<TopicPartition> partitions) {
        final Map<TopicPartition, Long> out = new HashMap<>();
        if ("committed".equals(startOffsets)) {
            consumer.committed(new java.util.HashSet<>(partitions), METADATA_WAIT).forEach((partition, offset) -> {
                if (offset != null) {
                    out.put(partition, offset.offset());
                }
            });
        } else if (startOffsets instanceof Map<?, ?> given) {
            given.forEach((name, offset) -> {
                final TopicPartition partition = PartitionKey.parse(String.valueOf(name), onlyTopic());
                if (partition != null && partitions.contains(partition)) {
                    out.put(partition, ((Number) offset).longValue());
                }
            });
        } else if (startTimestamp != null) {
            final Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, startTimestamp));
            final Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, METADATA_WAIT);
            final Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions, METADATA_WAIT);
            for (final TopicPartition partition : partitions) {
                final OffsetAndTimestamp at = found.get(partition);
                out.put(partition, at != null ? at.offset() : endOffsets.get(partition));
            }
        }
        return out;
    }

    private String onlyTopic() {
        return topics.size() == 1 ? topics.get(0) : null;
    }

    /** Fixes where a bounded read of each partition ends: kept from a checkpoint, given, or the end at the start. */
    private void bound(final List<TopicPartition> partitions) {
        final List<TopicPartition> atEnd = new ArrayList<>();
        for (final TopicPartition partition : partitions) {
            final Long known = knownEnds.get(PartitionKey.of(partition));
            if (known != null) {
                ends.put(partition, known);
            } else if (targetOffsets instanceof Map<?, ?> given) {
                // Inclusive, as in onyx-kafka: the end is one past the target; a partition not named is not read.
                long end = next.get(partition);
                for (final Map.Entry<?, ?> target : given.entrySet()) {
                    if (partition.equals(PartitionKey.parse(String.valueOf(target.getKey()), onlyTopic()))) {
                        end = ((Number) target.getValue()).longValue() + 1;
                    }
                }
                ends.put(partition, end);
            } else {
                atEnd.add(partition);
            }
        }
        if (!atEnd.isEmpty()) {
            ends.putAll(consumer.endOffsets(atEnd, METADATA_WAIT));
        }
    }

    @Override
    public int poll(final List<Map<String, Object>> out, final int max) throws Exception {
        if (!assigned) {
            recover(null);
        }
        final long now = System.nanoTime();
        if (targetOffsets == null && discoveryNanos > 0 && now - nextDiscovery >= 0) {
            nextDiscovery = now + discoveryNanos;
            if (recoveredOffsets != null) {
                assign(now);
            }
        }
        if (next.isEmpty()) {
            // No partition is this slot's (yet): nothing to poll.
            return 0;
        }
        if (!pending.hasNext()) {
            pending = consumer.poll(Duration.ZERO).iterator();
            if (!pending.hasNext()) {
                settle();
                return 0;
            }
        }
        final int allowed = pacer.allowed(now, max);
        int taken = 0;
        while (taken < allowed && pending.hasNext()) {
            final ConsumerRecord<byte[], byte[]> record = pending.next();
            final TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            final Long end = ends.get(partition);
            if (end != null && record.offset() >= end) {
                continue;
            }
            final Map<String, Object> segment = decode(record);
            next.put(partition, record.offset() + 1);
            if (segment == null) {
                continue;
            }
            watermarks.observe(partition, eventTime(record, segment), now);
            out.add(segment);
            taken++;
        }
        pacer.emitted(taken);
        if (!pending.hasNext()) {
            settle();
        }
        return taken;
    }

    /** With every fetched record handed on: the lag per partition, and which bounded partitions are done. */
    private void settle() {
        for (final TopicPartition partition : next.keySet()) {
            consumer.currentLag(partition).ifPresent(l -> lag.put(partition, l));
        }
        if (ends.isEmpty()) {
            return;
        }
        final List<TopicPartition> finished = new ArrayList<>();
        for (final Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            final TopicPartition partition = end.getKey();
            // The position, not the last record seen: it passes transaction markers and compacted offsets.
            if (!done.contains(partition) && consumer.position(partition, METADATA_WAIT) >= end.getValue()) {
                finished.add(partition);
            }
        }
        if (!finished.isEmpty()) {
            done.addAll(finished);
            consumer.pause(finished);
            for (final TopicPartition partition : finished) {
                next.put(partition, Math.max(next.get(partition), Math.min(ends.get(partition),
                    consumer.position(partition, METADATA_WAIT))));
            }
        }
    }

    private Map<String, Object> decode(final ConsumerRecord<byte[], byte[]> record) throws Exception {
        final Object value;
        final Object key;
        try {
            value = record.value() == null ? null : values.decode(record.value());
            key = record.key() == null ? null : keys.decode(record.key());
        } catch (final Exception e) {
            badRecords.handle(record, e);
            return null;
        }
        if (wrap) {
            final Map<String, Object> wrapped = new LinkedHashMap<>();
            wrapped.put("topic", record.topic());
            wrapped.put("partition", (long) record.partition());
            wrapped.put("offset", record.offset());
            wrapped.put("timestamp", record.timestamp());
            wrapped.put("key", key);
            wrapped.put("message", value);
            final Map<String, Object> headers = new LinkedHashMap<>();
            for (final Header header : record.headers()) {
                headers.put(header.key(), header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8));
            }
            wrapped.put("headers", headers);
            return wrapped;
        }
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            final Map<String, Object> segment = (Map<String, Object>) map;
            return segment;
        }
        final Map<String, Object> segment = new LinkedHashMap<>();
        segment.put("message", value);
        return segment;
    }

    private long eventTime(final ConsumerRecord<byte[], byte[]> record, final Map<String, Object> segment)
        throws Exception {
        return watermarkFn == null ? record.timestamp() : (Long) UserCalls.call(watermarkFn, segment);
    }

    @Override
    public long watermark() {
        return watermarks.watermark(System.nanoTime());
    }

    @Override
    public Object checkpoint() {
        final Map<String, Object> offsets = new TreeMap<>();
        next.forEach((partition, offset) -> offsets.put(PartitionKey.of(partition), offset));
        final Map<String, Object> known = new TreeMap<>(knownEnds);
        ends.forEach((partition, end) -> known.put(PartitionKey.of(partition), end));
        return Map.of(OFFSETS, offsets, ENDS, known);
    }

    /** The offsets at the barrier; the dead-letter records before it are made durable first. */
    @Override
    public Object checkpoint(final long epoch) {
        badRecords.flush();
        final Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        next.forEach((partition, offset) -> commit.put(partition, new OffsetAndMetadata(offset)));
        toCommit.put(epoch, commit);
        return checkpoint();
    }

    /** Commits the offsets of the epoch to the consumer group, for Kafka's tools: never read for recovery. */
    @Override
    public void checkpointed(final long epoch) {
        final Map.Entry<Long, Map<TopicPartition, OffsetAndMetadata>> at = toCommit.floorEntry(epoch);
        if (at == null) {
            return;
        }
        toCommit.headMap(epoch, true).clear();
        lastCheckpointed = at.getValue();
        if (!at.getValue().isEmpty()) {
            consumer.commitAsync(at.getValue(), (offsets, e) -> {
                if (e != null) {
                    LOG.debug("task {}: committing offsets to the consumer group failed: {}", context.task().name(),
                        e.toString());
                }
            });
        }
    }

    @Override
    public boolean completed() {
        if (targetOffsets == null || !assigned) {
            return false;
        }
        return done.containsAll(ends.keySet()) && !pending.hasNext();
    }

    @Override
    public void close() {
        if (context != null) {
            meters.forEach(context.meters()::remove);
        }
        meters.clear();
        if (consumer != null) {
            if (lastCheckpointed != null && !lastCheckpointed.isEmpty()) {
                try {
                    consumer.commitSync(lastCheckpointed, Duration.ofSeconds(2));
                } catch (final org.apache.kafka.common.KafkaException e) {
                    LOG.debug("task {}: the last offsets did not reach the consumer group: {}",
                        context.task().name(), e.toString());
                }
            }
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
            consumer = null;
        }
        lastCheckpointed = null;
        if (badRecords != null) {
            badRecords.close();
            badRecords = null;
        }
        next.clear();
        ends.clear();
        knownEnds.clear();
        done.clear();
        toCommit.clear();
        lag.clear();
        pending = Collections.emptyIterator();
        recoveredOffsets = null;
        assigned = false;
    }

    /** The partitions this slot reads, for tests. */
    Set<String> reading() {
        final Set<String> out = new TreeSet<>();
        next.keySet().forEach(p -> out.add(PartitionKey.of(p)));
        return out;
    }
}
