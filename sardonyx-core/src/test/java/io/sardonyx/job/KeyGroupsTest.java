package io.sardonyx.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyGroupsTest {
    @Test
    void everyKeyGroupHasExactlyOneOwnerWhoseRangeHoldsIt() {
        final SplittableRandom random = new SplittableRandom(16);
        for (int round = 0; round < 2_000; round++) {
            final int groups = 1 + random.nextInt(300);
            final int peers = 1 + random.nextInt(groups);
            int covered = 0;
            for (int slot = 0; slot < peers; slot++) {
                final int first = KeyGroups.first(slot, peers, groups);
                final int end = KeyGroups.end(slot, peers, groups);
                assertThat(end).as("slot %d of %d over %d", slot, peers, groups).isGreaterThan(first);
                assertThat(first).isEqualTo(covered);
                for (int g = first; g < end; g++) {
                    assertThat(KeyGroups.slot(g, peers, groups)).isEqualTo(slot);
                }
                covered = end;
            }
            assertThat(covered).isEqualTo(groups);
        }
    }

    @Test
    void rangesAreBalancedWithinOne() {
        for (int peers = 1; peers <= 128; peers++) {
            int least = Integer.MAX_VALUE;
            int most = 0;
            for (int slot = 0; slot < peers; slot++) {
                final int size = KeyGroups.end(slot, peers, 128) - KeyGroups.first(slot, peers, 128);
                least = Math.min(least, size);
                most = Math.max(most, size);
            }
            assertThat(most - least).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void overlapMatchesSharedKeyGroups() {
        final SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 500; round++) {
            final int groups = 1 + random.nextInt(200);
            final int m = 1 + random.nextInt(groups);
            final int n = 1 + random.nextInt(groups);
            final int a = random.nextInt(m);
            final int b = random.nextInt(n);
            boolean shared = false;
            for (int g = 0; g < groups; g++) {
                shared |= KeyGroups.slot(g, m, groups) == a && KeyGroups.slot(g, n, groups) == b;
            }
            assertThat(KeyGroups.overlap(a, m, b, n, groups)).isEqualTo(shared);
        }
    }

    @Test
    void aSlotBeyondTheKeyGroupsOwnsNothing() {
        assertThat(KeyGroups.end(1, 10, 4)).isEqualTo(KeyGroups.first(1, 10, 4));
    }
}
