package io.sardonyx.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Job functions of the kafka tests. */
public final class KafkaFns {
    private KafkaFns() {
    }

    /** {n} → a kafka output segment whose message is {n: n + 1}, keyed by n. */
    public static Map<String, Object> inc(final Map<String, Object> segment) {
        final long n = (Long) segment.get("n");
        return Map.of("key", Long.toString(n), "message", Map.of("n", n + 1));
    }

    /** Trigger emit: {"message": {"k", "lower", "count"}}. */
    public static Map<String, Object> emitCount(final Map<String, Object> fired, final Object count) {
        return Map.of("message", Map.of("k", fired.get("group-key"), "lower", fired.get("lower-bound"), "count",
            count));
    }

    /** A deserializer that refuses anything that does not start with "{". */
    public static Object strict(final byte[] bytes) {
        final String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.startsWith("{")) {
            throw new IllegalArgumentException("not an object: " + text);
        }
        return Map.of("text", text);
    }
}
