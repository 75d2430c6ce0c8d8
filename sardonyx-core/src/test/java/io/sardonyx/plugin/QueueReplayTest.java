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

    /**
     * The task restarts before it heard that checkpoint 2 completed (the outputs committed it): recovering from
     * checkpoint 2 reads again only what came after its barrier, not everything since checkpoint 1.
     */
    @Test
    void aLostConfirmationDoesNotReplayWhatTheRecoveredCheckpointHolds() {
        final SegmentQueue.ReplayLog log = new SegmentQueue.ReplayLog();
        log.keep(List.of(Map.of("n", 1L), Map.of("n", 2L)));
        log.mark(1);
        log.keep(List.of(Map.of("n", 3L)));
        log.mark(2);
        final long atTwo = log.position();
        log.keep(List.of(Map.of("n", 4L), Map.of("n", 5L)));
        log.confirm(1);
        assertThat(atTwo).isEqualTo(3);
        log.rewindTo(atTwo);
        final List<Map<String, Object>> again = new ArrayList<>();
        assertThat(log.replay(again, 10)).isEqualTo(2);
        assertThat(ns(again)).containsExactly(4L, 5L);
        assertThat(log.position()).isEqualTo(5);
        // A fresh start (no checkpoint) still reads everything kept, and a position before what was dropped too.
        log.rewindTo(0);
        again.clear();
        log.replay(again, 10);
        assertThat(ns(again)).containsExactly(4L, 5L);
    }
}
