package io.sardonyx.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BarrierAlignerTest {
    @Test
    void alignsAcrossEverySenderAndBlocksThoseAlreadyIn() {
        final BarrierAligner aligner = new BarrierAligner();
        aligner.reset(List.of(1, 2, 3));
        assertThat(aligner.aligned()).isFalse();
        aligner.onBarrier(2, 5, true);
        assertThat(aligner.blocked(2)).isTrue();
        assertThat(aligner.blocked(1)).isFalse();
        aligner.onBarrier(1, 5, true);
        assertThat(aligner.aligned()).isFalse();
        aligner.onBarrier(3, 5, false);
        assertThat(aligner.aligned()).isTrue();
        assertThat(aligner.epoch()).isEqualTo(5);
        assertThat(aligner.allCompleted()).isFalse();
        aligner.next();
        assertThat(aligner.blocked(2)).isFalse();
        assertThat(aligner.aligned()).isFalse();
        aligner.onBarrier(1, 6, true);
        aligner.onBarrier(2, 6, true);
        aligner.onBarrier(3, 6, true);
        assertThat(aligner.allCompleted()).isTrue();
        assertThat(aligner.lastAligned()).isEqualTo(5);
        aligner.next();
        assertThat(aligner.lastAligned()).as("a barrier of epoch 6 again is now a duplicate").isEqualTo(6);
    }

    @Test
    void aBarrierOfAnotherEpochWhileAligningIsAnError() {
        final BarrierAligner aligner = new BarrierAligner();
        aligner.reset(List.of(1, 2));
        aligner.onBarrier(1, 3, false);
        assertThatThrownBy(() -> aligner.onBarrier(2, 4, false)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("epoch 4").hasMessageContaining("aligning epoch 3");
    }

    @Test
    void withNoSendersNothingAligns() {
        final BarrierAligner aligner = new BarrierAligner();
        aligner.reset(List.of());
        assertThat(aligner.aligned()).isFalse();
        assertThat(aligner.expects(1)).isFalse();
    }

    @Test
    void onceAlignedEverySenderWaitsUntilTheBarrierIsPassedOn() {
        final BarrierAligner aligner = new BarrierAligner();
        aligner.reset(List.of(1, 2));
        aligner.onBarrier(1, 7, false, List.of());
        aligner.onBarrier(2, 7, false, List.of());
        assertThat(aligner.aligned()).isTrue();
        assertThat(aligner.blocked(1)).isTrue();
        assertThat(aligner.blocked(2)).isTrue();
        assertThatThrownBy(() -> aligner.onBarrier(1, 8, false)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("epoch 7 aligned");
        aligner.next();
        assertThat(aligner.blocked(1)).isFalse();
        assertThat(aligner.epoch()).as("waiting for the first barrier of the next epoch").isEqualTo(-1);
        assertThat(aligner.watermark()).isEqualTo(Long.MIN_VALUE);
    }
}
