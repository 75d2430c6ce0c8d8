package io.sardonyx.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The decoder's small map behaves as a HashMap under every operation a function may use. */
class SegmentMapTest {
    @Test
    void behavesAsAHashMapUnderRandomOperations() {
        final Random random = new Random(3);
        for (int round = 0; round < 500; round++) {
            final SegmentMap small = new SegmentMap(random.nextInt(4));
            final Map<String, Object> reference = new HashMap<>();
            for (int step = 0; step < 60; step++) {
                // Keys built at run time, so identity never helps: equality must find them.
                final String key = new String(new char[] {'k', (char) ('a' + random.nextInt(20))});
                switch (random.nextInt(6)) {
                    case 0, 1 -> assertThat(small.put(key, (long) step)).isEqualTo(reference.put(key, (long) step));
                    case 2 -> assertThat(small.remove(key)).isEqualTo(reference.remove(key));
                    case 3 -> assertThat(small.get(key)).isEqualTo(reference.get(key));
                    case 4 -> {
                        final Iterator<Map.Entry<String, Object>> it = small.entrySet().iterator();
                        while (it.hasNext()) {
                            final Map.Entry<String, Object> e = it.next();
                            if (e.getKey().equals(key)) {
                                it.remove();
                                reference.remove(key);
                            } else if (random.nextBoolean()) {
                                e.setValue("v" + step);
                                reference.put(e.getKey(), "v" + step);
                            }
                        }
                    }
                    default -> assertThat(small.containsKey(key)).isEqualTo(reference.containsKey(key));
                }
                assertThat(small).isEqualTo(reference);
                assertThat(small.hashCode()).isEqualTo(reference.hashCode());
                assertThat(new HashMap<>(small)).isEqualTo(reference);
            }
        }
        assertThatThrownBy(() -> new SegmentMap(1).put(null, 1L)).isInstanceOf(NullPointerException.class);
    }
}
