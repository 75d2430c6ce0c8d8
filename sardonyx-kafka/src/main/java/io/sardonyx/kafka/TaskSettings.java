package io.sardonyx.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Reading a kafka task's settings: the brokers, pass-through options, numbers with defaults, producer settings. */
final class TaskSettings {
    private TaskSettings() {
    }

    /** {@code kafka/bootstrap-servers}, a string or a list, as Kafka takes it. */
    static String servers(final Object value) {
        return value instanceof List<?> list ? String.join(",", strings(list)) : String.valueOf(value);
    }

    /** A map of Kafka settings given in the job, as strings. */
    static Map<String, String> options(final Object value) {
        final Map<String, String> out = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }

    static List<String> strings(final Object list) {
        final List<String> out = new ArrayList<>();
        ((List<?>) list).forEach(item -> out.add(String.valueOf(item)));
        return out;
    }

    static long number(final Map<String, Object> task, final String key, final long fallback) {
        return task.get(key) instanceof Number n ? n.longValue() : fallback;
    }

    /** A producer's settings: the task's brokers, then these defaults, then the task's kafka/producer-opts. */
    static Properties producer(final Map<String, Object> task, final Map<String, Object> defaults) {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers(task.get(KafkaPlugin.BOOTSTRAP)));
        props.putAll(defaults);
        options(task.get(KafkaPlugin.PRODUCER_OPTS)).forEach(props::put);
        return props;
    }
}
