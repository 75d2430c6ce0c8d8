package io.sardonyx.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Watermarks per partition: the lowest holds the input back, until its partition goes idle. */
class PartitionWatermarksTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void theLowestPartitionHoldsTheWatermarkUntilItIsIdle() {
        final PartitionWatermarks<String> marks = new PartitionWatermarks<>(10 * SECOND);
        assertThat(marks.watermark(0)).as("no partition holds nothing back").isEqualTo(Long.MAX_VALUE);
        marks.assigned("a", 0);
        marks.assigned("b", 0);
        marks.observe("a", 5_000, SECOND);
        assertThat(marks.watermark(SECOND)).as("b has shown nothing yet").isEqualTo(Long.MIN_VALUE);
        marks.observe("b", 3_000, 2 * SECOND);
        assertThat(marks.watermark(2 * SECOND)).isEqualTo(3_000);
        marks.observe("a", 9_000, 5 * SECOND);
        assertThat(marks.watermark(5 * SECOND)).isEqualTo(3_000);
        // b has said nothing for ten seconds: it no longer holds a back.
        assertThat(marks.watermark(12 * SECOND)).isEqualTo(9_000);
        marks.observe("b", 4_000, 13 * SECOND);
        assertThat(marks.watermark(13 * SECOND)).as("b is back").isEqualTo(4_000);
        // Both idle: the newest either has shown.
        assertThat(marks.watermark(30 * SECOND)).isEqualTo(9_000);
    }

    @Test
    void withoutAnIdleTimeoutAQuietPartitionHoldsOn() {
        final PartitionWatermarks<String> marks = new PartitionWatermarks<>(0);
        marks.assigned("a", 0);
        marks.assigned("b", 0);
        marks.observe("a", 5_000, 0);
        marks.observe("b", 1_000, 0);
        assertThat(marks.watermark(1_000 * SECOND)).isEqualTo(1_000);
    }
}
