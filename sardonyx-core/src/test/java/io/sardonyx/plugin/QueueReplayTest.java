package io.sardonyx.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.api.SegmentQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A queue cannot rewind: its reader keeps what it took until a checkpoint after it completes, and reads it again. */
class QueueReplayTest {
    private static List<Long> ns(final List<Map<String, Object>> segments) {
        return segments.stream().map(s -> (Long) s.get("n")).toList();
    }

    @Test
    void whatWasReadSinceTheLastCompleteCheckpointIsReadAgainAfterARecovery() {
        final SegmentQueue.ReplayLog log = new SegmentQueue.ReplayLog();
        log.keep(List.of(Map.of("n", 1L), Map.of("n", 2L)));
        log.mark(1);
        log.keep(List.of(Map.of("n", 3L)));
        log.mark(2);
        log.keep(List.of(Map.of("n", 4L)));
        log.confirm(1);
        assertThat(log.size()).as("1 and 2 belong to a complete checkpoint").isEqualTo(2);
        // The task restarts from checkpoint 1: 3 and 4 were read after its barrier and must be read again.
        log.rewind();
        final List<Map<String, Object>> again = new ArrayList<>();
        assertThat(log.replay(again, 10)).isEqualTo(2);
        assertThat(ns(again)).containsExactly(3L, 4L);
        assertThat(log.replaying()).isFalse();
        log.mark(1);
        log.confirm(1);
        assertThat(log.size()).isZero();
    }
}
