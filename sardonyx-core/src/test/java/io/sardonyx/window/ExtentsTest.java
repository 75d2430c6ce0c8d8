package io.sardonyx.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Window-ID against a brute-force search over every extent, for random minimums, ranges, slides and values. */
class ExtentsTest {
    @Test
    void idsAreExactlyTheExtentsHoldingTheValue() {
        final Random random = new Random(42);
        for (int run = 0; run < 20_000; run++) {
            final long min = random.nextInt(2_000) - 1_000;
            final long range = 1 + random.nextInt(50);
            final long slide = 1 + random.nextInt((int) range);
            final long value = min + random.nextInt(1_000);
            final List<Long> expected = new ArrayList<>();
            for (long w = 0; w <= (value - min) / slide + range / slide + 2; w++) {
                if (Extents.lower(min, range, slide, w) <= value && value <= Extents.upper(min, slide, w)) {
                    expected.add(w);
                }
            }
            final List<Long> actual = new ArrayList<>();
            for (long w = Extents.first(min, range, slide, value); w <= Extents.last(min, range, slide, value); w++) {
                actual.add(w);
            }
            assertThat(actual).as("min %d range %d slide %d value %d", min, range, slide, value)
                .isEqualTo(expected);
        }
    }

    @Test
    void fixedWindowsTileTheLineAndSlidingOnesStartPartial() {
        assertThat(Extents.first(0, 1000, 1000, 1999)).isEqualTo(1);
        assertThat(Extents.lower(0, 1000, 1000, 1)).isEqualTo(1000);
        assertThat(Extents.upper(0, 1000, 1)).isEqualTo(1999);
        // Onyx's table: range 20, slide 5: extent 0 is [0, 4], extent 3 is [0, 19], extent 4 is [5, 24].
        assertThat(Extents.lower(0, 20, 5, 0)).isZero();
        assertThat(Extents.upper(0, 5, 0)).isEqualTo(4);
        assertThat(Extents.upper(0, 5, 3)).isEqualTo(19);
        assertThat(Extents.lower(0, 20, 5, 4)).isEqualTo(5);
        assertThat(Extents.first(0, 20, 5, 7)).isEqualTo(1);
        assertThat(Extents.last(0, 20, 5, 7)).isEqualTo(4);
    }
}
