package io.sardonyx.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sardonyx.codec.SegmentMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** assoc, update and dissoc return what a HashMap copy would, and never change the segment they were given. */
class SegmentsTest {
    @Test
    void copiesWithOneChangeAndLeaveTheArgumentAlone() {
        final Random random = new Random(11);
        for (int round = 0; round < 300; round++) {
            // Start from each kind of map a function may be given: immutable, HashMap, decoded (array map).
            Map<String, Object> segment = switch (round % 3) {
                case 0 -> Map.of("n", 1L, "data", "x");
                case 1 -> new HashMap<>(Map.of("n", 1L));
                default -> {
                    final SegmentMap decoded = new SegmentMap(1);
                    decoded.put("n", 1L);
                    decoded.put("t", 2L);
                    yield decoded;
                }
            };
            Map<String, Object> reference = new HashMap<>(segment);
            for (int step = 0; step < 30; step++) {
                final String key = "k" + random.nextInt(16);
                final Map<String, Object> before = new HashMap<>(segment);
                final Map<String, Object> next;
                switch (random.nextInt(3)) {
                    case 0 -> {
                        next = Segments.assoc(segment, key, (long) step);
                        reference.put(key, (long) step);
                    }
                    case 1 -> {
                        next = Segments.update(segment, key, v -> v instanceof Long l ? l + 1 : 0L);
                        reference.put(key, reference.get(key) instanceof Long l ? l + 1 : 0L);
                    }
                    default -> {
                        next = Segments.dissoc(segment, key);
                        reference.remove(key);
                    }
                }
                assertThat(segment).isEqualTo(before);
                assertThat(next).isEqualTo(reference);
                assertThat(next.hashCode()).isEqualTo(reference.hashCode());
                // The copy is a map of its own: changing it leaves the segment it came from alone.
                next.put("scratch", step);
                assertThat(segment).isEqualTo(before);
                next.remove("scratch");
                segment = next;
                reference = new HashMap<>(reference);
            }
        }
    }

    @Test
    void makesSegmentsEqualToTheirMapOf() {
        assertThat(Segments.of("a", 1L)).isEqualTo(Map.of("a", 1L));
        assertThat(Segments.of("a", 1L, "b", "x")).isEqualTo(Map.of("a", 1L, "b", "x"));
        assertThat(Segments.of("a", 1L, "b", "x", "c", 2.0)).isEqualTo(Map.of("a", 1L, "b", "x", "c", 2.0));
        final Map<String, Object> four = Segments.of("a", 1L, "b", "x", "c", 2.0, "d", List.of());
        assertThat(four).isEqualTo(Map.of("a", 1L, "b", "x", "c", 2.0, "d", List.of()));
        // A segment made here is a map like any other: it may be changed, and copies leave it alone.
        assertThat(Segments.assoc(four, "a", 2L)).containsEntry("a", 2L);
        assertThat(four).containsEntry("a", 1L);
        assertThat(Segments.of("a", 1L, "a", 2L)).isEqualTo(Map.of("a", 2L));
    }

    @Test
    void refusesANullKeyOrSegment() {
        assertThatThrownBy(() -> Segments.assoc(Map.of(), null, 1L)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("keys");
        assertThatThrownBy(() -> Segments.assoc(null, "n", 1L)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("segment");
    }
}
