package io.sardonyx.kafka;

import io.sardonyx.job.FunctionKind;
import io.sardonyx.job.JsonValues;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskType;
import io.sardonyx.plugin.InputPlugin;
import io.sardonyx.plugin.OutputPlugin;
import io.sardonyx.plugin.PluginProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code kafka} plugin: a task names {@code "onyx/plugin": "kafka"} to read topics ({@link KafkaInput}) or
 * write them ({@link KafkaOutput}). Its keys keep onyx-kafka's names and meanings where onyx-kafka had them. The
 * checks here are pure: they look at the task's keys, never at a broker.
 */
public final class KafkaPlugin implements PluginProvider {
    public static final String NAME = "kafka";

    public static final String TOPIC = "kafka/topic";
    public static final String TOPIC_PATTERN = "kafka/topic-pattern";
    public static final String BOOTSTRAP = "kafka/bootstrap-servers";
    public static final String GROUP_ID = "kafka/group-id";
    public static final String OFFSET_RESET = "kafka/offset-reset";
    public static final String START_OFFSETS = "kafka/start-offsets";
    public static final String START_TIMESTAMP = "kafka/start-timestamp";
    public static final String TARGET_OFFSETS = "kafka/target-offsets";
    public static final String DESERIALIZER = "kafka/deserializer-fn";
    public static final String KEY_DESERIALIZER = "kafka/key-deserializer-fn";
    public static final String WRAP = "kafka/wrap-with-metadata?";
    public static final String CONSUMER_OPTS = "kafka/consumer-opts";
    public static final String RECEIVE_BUFFER = "kafka/receive-buffer-bytes";
    public static final String DISCOVERY_MS = "kafka/partition-discovery-ms";
    public static final String IDLE_MS = "kafka/idle-timeout-ms";
    public static final String ON_BAD_RECORD = "kafka/on-bad-record";
    public static final String MAX_RATE = "kafka/max-records-per-second";
    public static final String DEAD_LETTER_TOPIC = "kafka/dead-letter-topic";
    public static final String SERIALIZER = "kafka/serializer-fn";
    public static final String KEY_SERIALIZER = "kafka/key-serializer-fn";
    public static final String PARTITION = "kafka/partition";
    public static final String PRODUCER_OPTS = "kafka/producer-opts";
    public static final String REQUEST_SIZE = "kafka/request-size";
    public static final String SEMANTICS = "kafka/semantics";
    public static final String TRANSACTION_TIMEOUT_MS = "kafka/transaction-timeout-ms";

    /** The formats a (key) deserializer or serializer may name instead of a function. */
    public static final List<String> FORMATS = List.of("json", "string", "bytes");
    public static final List<String> OFFSET_RESETS = List.of("earliest", "latest");
    public static final List<String> BAD_RECORD_POLICIES = List.of("kill", "skip", "dead-letter");
    public static final List<String> SEMANTICS_VALUES = List.of("exactly-once", "at-least-once");
    /** Kafka's own default largest request, which the output uses unless told. */
    public static final long DEFAULT_REQUEST_SIZE = 1_048_576;
    public static final long DEFAULT_DISCOVERY_MS = 30_000;
    public static final long DEFAULT_IDLE_MS = 10_000;
    public static final long DEFAULT_TRANSACTION_TIMEOUT_MS = 60_000;

    private static final Map<String, String> KEYS = keys(
        TOPIC, "Input: the topic, or a list of topics, to read. Output: the topic to write, unless each segment "
            + "names its own (\"topic\").",
        TOPIC_PATTERN, "Input: a regular expression; every topic whose name matches is read (instead of "
            + "kafka/topic).",
        BOOTSTRAP, "Required. The brokers, \"host:port[,host:port…]\" or a list.",
        GROUP_ID, "Input: the consumer group offsets are committed to when a checkpoint completes (for Kafka's own "
            + "tools; recovery uses checkpoints). Default \"sardonyx\".",
        OFFSET_RESET, "Input: where a partition with no other start begins: \"earliest\" (default) or \"latest\".",
        START_OFFSETS, "Input: {partition: offset} (or {\"topic:partition\": offset}) to start at, or \"committed\" "
            + "for the group's committed offsets (then kafka/offset-reset).",
        START_TIMESTAMP, "Input: start each partition at its first record at or after this time (epoch ms).",
        TARGET_OFFSETS, "Input: a bounded read: {partition: offset} (inclusive), or \"end-at-start\" for the end "
            + "of every partition when the job starts. The task completes when every partition reaches its end.",
        DESERIALIZER, "Input: \"json\" (default), \"string\", \"bytes\", or a static function byte[] → value. A "
            + "value that is not a map becomes {\"message\": value}.",
        KEY_DESERIALIZER, "Input: the key's format, as kafka/deserializer-fn. Default \"string\".",
        WRAP, "Input: true gives {topic, partition, offset, timestamp, key, message, headers} for each record. "
            + "Default false.",
        CONSUMER_OPTS, "Input: Kafka consumer settings, passed through (isolation.level is read_committed unless "
            + "set here).",
        RECEIVE_BUFFER, "Input: the consumer's socket receive buffer (receive.buffer.bytes). Default 65536.",
        DISCOVERY_MS, "Input: how often to look for new partitions, which are read from their start; 0 never. "
            + "Default " + DEFAULT_DISCOVERY_MS + ".",
        IDLE_MS, "Input: a partition without records for this long no longer holds the watermark back; 0 never. "
            + "Default " + DEFAULT_IDLE_MS + ".",
        MAX_RATE, "Input: the most records each peer of the task reads per second. Default unlimited.",
        ON_BAD_RECORD, "Input: what a record that cannot be decoded does: \"kill\" (default: the job, naming topic, "
            + "partition and offset), \"skip\" (counted), or \"dead-letter\" (its bytes go to "
            + "kafka/dead-letter-topic, the error in its headers).",
        DEAD_LETTER_TOPIC, "Input: where undecodable records go with kafka/on-bad-record \"dead-letter\".",
        SERIALIZER, "Output: the message's format, \"json\" (default), \"string\", \"bytes\", or a static function "
            + "value → byte[].",
        KEY_SERIALIZER, "Output: the key's format, as kafka/serializer-fn. Default \"string\".",
        PARTITION, "Output: the partition to write to, unless a segment names one. Default: by key, else spread.",
        PRODUCER_OPTS, "Kafka producer settings, passed through (the output's, and the input's dead-letter "
            + "producer's).",
        REQUEST_SIZE, "Output: the largest request (max.request.size). Default Kafka's own, "
            + DEFAULT_REQUEST_SIZE + ".",
        SEMANTICS, "Output: \"exactly-once\" (default: a read_committed consumer sees each checkpoint's records "
            + "once) or \"at-least-once\" (idempotent producer, flushed at every barrier).",
        TRANSACTION_TIMEOUT_MS, "Output, exactly-once: the producer's transaction.timeout.ms; at most the broker's "
            + "transaction.max.timeout.ms. Default " + DEFAULT_TRANSACTION_TIMEOUT_MS + ".");

    private static final Map<String, FunctionKind> FUNCTIONS = Map.of(DESERIALIZER, FunctionKind.DESERIALIZER,
        KEY_DESERIALIZER, FunctionKind.DESERIALIZER, SERIALIZER, FunctionKind.SERIALIZER, KEY_SERIALIZER,
        FunctionKind.SERIALIZER);

    private static Map<String, String> keys(final String... keyThenDoc) {
        final Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyThenDoc.length; i += 2) {
            map.put(keyThenDoc[i], keyThenDoc[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean input() {
        return true;
    }

    @Override
    public boolean output() {
        return true;
    }

    @Override
    public Map<String, String> keys() {
        return KEYS;
    }

    @Override
    public Map<String, FunctionKind> functionKeys() {
        return FUNCTIONS;
    }

    @Override
    public InputPlugin newInput() {
        return new KafkaInput();
    }

    @Override
    public OutputPlugin newOutput() {
        return new KafkaOutput();
    }

    @Override
    public List<String> check(final Task task, final TaskType type) {
        final Checks out = new Checks(task.attributes());
        out.servers();
        if (type == TaskType.INPUT) {
            input(out);
        } else {
            output(out);
        }
        return out.errors;
    }

    private static final List<String> INPUT_ONLY = List.of(TOPIC_PATTERN, GROUP_ID, OFFSET_RESET, START_OFFSETS,
        START_TIMESTAMP, TARGET_OFFSETS, DESERIALIZER, KEY_DESERIALIZER, WRAP, CONSUMER_OPTS, RECEIVE_BUFFER,
        DISCOVERY_MS, IDLE_MS, MAX_RATE, ON_BAD_RECORD, DEAD_LETTER_TOPIC);
    private static final List<String> OUTPUT_ONLY = List.of(SERIALIZER, KEY_SERIALIZER, PARTITION, REQUEST_SIZE,
        SEMANTICS, TRANSACTION_TIMEOUT_MS);

    private static void input(final Checks out) {
        out.notFor(OUTPUT_ONLY, "input");
        final boolean topic = out.has(TOPIC);
        if (topic == out.has(TOPIC_PATTERN)) {
            out.error("a kafka input needs exactly one of \"" + TOPIC + "\" (a topic or a list of topics) and \""
                + TOPIC_PATTERN + "\" (a regular expression)");
        } else if (topic) {
            final Object t = out.get(TOPIC);
            if (!(t instanceof String s && !s.isEmpty()) && !(JsonValues.isStringList(t) && !((List<?>) t).isEmpty())) {
                out.error("\"" + TOPIC + "\" must be a topic name or a list of topic names; got "
                    + JsonValues.describe(t));
            }
        } else {
            out.pattern(TOPIC_PATTERN);
        }
        out.string(GROUP_ID);
        out.oneOf(OFFSET_RESET, OFFSET_RESETS);
        final Object start = out.get(START_OFFSETS);
        if (start != null && !"committed".equals(start)) {
            out.offsets(START_OFFSETS, "\"committed\"");
        }
        if (start != null && out.has(START_TIMESTAMP)) {
            out.error("give \"" + START_OFFSETS + "\" or \"" + START_TIMESTAMP + "\", not both");
        }
        out.nonNegative(START_TIMESTAMP);
        final Object target = out.get(TARGET_OFFSETS);
        if (target != null && !"end-at-start".equals(target)) {
            out.offsets(TARGET_OFFSETS, "\"end-at-start\"");
        }
        out.format(DESERIALIZER);
        out.format(KEY_DESERIALIZER);
        out.bool(WRAP);
        out.options(CONSUMER_OPTS);
        out.positive(RECEIVE_BUFFER);
        out.nonNegative(DISCOVERY_MS);
        out.nonNegative(IDLE_MS);
        out.positive(MAX_RATE);
        out.oneOf(ON_BAD_RECORD, BAD_RECORD_POLICIES);
        if ("dead-letter".equals(out.get(ON_BAD_RECORD)) && !(out.get(DEAD_LETTER_TOPIC) instanceof String)) {
            out.error("\"" + ON_BAD_RECORD + "\" \"dead-letter\" needs \"" + DEAD_LETTER_TOPIC + "\", the topic "
                + "undecodable records go to");
        }
        out.string(DEAD_LETTER_TOPIC);
        out.options(PRODUCER_OPTS);
    }

    private static void output(final Checks out) {
        out.notFor(INPUT_ONLY, "output");
        out.string(TOPIC);
        out.format(SERIALIZER);
        out.format(KEY_SERIALIZER);
        final Object partition = out.get(PARTITION);
        if (partition != null && !(JsonValues.isInteger(partition) && ((Number) partition).longValue() >= 0)) {
            out.error("\"" + PARTITION + "\" must be a partition number (0 or more); got "
                + JsonValues.describe(partition));
        }
        out.options(PRODUCER_OPTS);
        out.positive(REQUEST_SIZE);
        out.oneOf(SEMANTICS, SEMANTICS_VALUES);
        out.positive(TRANSACTION_TIMEOUT_MS);
    }

    /** The findings of one task's check. */
    private static final class Checks {
        private final Map<String, Object> task;
        private final List<String> errors = new ArrayList<>();

        Checks(final Map<String, Object> task) {
            this.task = task;
        }

        Object get(final String key) {
            return task.get(key);
        }

        boolean has(final String key) {
            return task.containsKey(key);
        }

        void error(final String message) {
            errors.add(message);
        }

        void servers() {
            final Object servers = get(BOOTSTRAP);
            if (!(servers instanceof String s && !s.isBlank()) && !(JsonValues.isStringList(servers)
                && !((List<?>) servers).isEmpty())) {
                error("\"" + BOOTSTRAP + "\" is " + (servers == null ? "missing" : "not usable: "
                    + JsonValues.describe(servers)) + "; it must name the brokers, e.g. \"localhost:9092\"");
            }
        }

        void notFor(final List<String> keys, final String role) {
            for (final String key : keys) {
                if (has(key)) {
                    error("\"" + key + "\" does not apply to a kafka " + role);
                }
            }
        }

        void string(final String key) {
            if (has(key) && !(get(key) instanceof String s && !s.isEmpty())) {
                error("\"" + key + "\" must be a non-empty string; got " + JsonValues.describe(get(key)));
            }
        }

        void bool(final String key) {
            if (has(key) && !(get(key) instanceof Boolean)) {
                error("\"" + key + "\" must be true or false; got " + JsonValues.describe(get(key)));
            }
        }

        void oneOf(final String key, final List<String> values) {
            if (has(key) && !values.contains(get(key))) {
                error("\"" + key + "\" must be one of " + values + "; got " + JsonValues.describe(get(key)));
            }
        }

        void positive(final String key) {
            if (has(key) && !(JsonValues.isInteger(get(key)) && ((Number) get(key)).longValue() > 0)) {
                error("\"" + key + "\" must be a positive integer; got " + JsonValues.describe(get(key)));
            }
        }

        void nonNegative(final String key) {
            if (has(key) && !(JsonValues.isInteger(get(key)) && ((Number) get(key)).longValue() >= 0)) {
                error("\"" + key + "\" must be an integer, 0 or more; got " + JsonValues.describe(get(key)));
            }
        }

        void pattern(final String key) {
            if (!(get(key) instanceof String regex) || regex.isEmpty()) {
                error("\"" + key + "\" must be a regular expression; got " + JsonValues.describe(get(key)));
                return;
            }
            try {
                java.util.regex.Pattern.compile(regex);
            } catch (final java.util.regex.PatternSyntaxException e) {
                error("\"" + key + "\" is not a regular expression: " + e.getDescription());
            }
        }

        void format(final String key) {
            if (!has(key)) {
                return;
            }
            if (!(get(key) instanceof String value) || !FORMATS.contains(value) && !value.contains("::")) {
                error("\"" + key + "\" must be one of " + FORMATS + " or a function \"com.acme.Fns::method\"; got "
                    + JsonValues.describe(get(key)));
            }
        }

        void options(final String key) {
            if (!has(key)) {
                return;
            }
            if (!(get(key) instanceof Map<?, ?> map)) {
                error("\"" + key + "\" must be a map of Kafka settings; got " + JsonValues.describe(get(key)));
                return;
            }
            map.forEach((name, value) -> {
                if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                    error("\"" + key + "\" setting " + name + " must be a string, number or boolean; got "
                        + JsonValues.describe(value));
                }
            });
        }

        void offsets(final String key, final String alternative) {
            if (!(get(key) instanceof Map<?, ?> map)) {
                error("\"" + key + "\" must be {partition: offset} or " + alternative + "; got "
                    + JsonValues.describe(get(key)));
                return;
            }
            map.forEach((partition, offset) -> {
                if (PartitionKey.parse(String.valueOf(partition), null) == null) {
                    error("\"" + key + "\" names " + JsonValues.describe(partition) + ", which is neither a partition "
                        + "number nor \"topic:partition\"");
                }
                if (!(JsonValues.isInteger(offset) && ((Number) offset).longValue() >= 0)) {
                    error("\"" + key + "\" gives partition " + partition + " the offset "
                        + JsonValues.describe(offset) + "; offsets are integers, 0 or more");
                }
            });
        }
    }
}
