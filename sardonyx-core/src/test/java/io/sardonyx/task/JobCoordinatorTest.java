package io.sardonyx.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.log.PeerInfo;
import io.sardonyx.messaging.Frame;
import io.sardonyx.messaging.FrameType;
import io.sardonyx.messaging.Outbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobCoordinatorTest {
    /** in (2 peers) -> out (1 peer). */
    private static final JobLayout LAYOUT = new JobLayout("job", 99, 7, List.of("in", "out"),
        List.of(List.of("i0", "i1"), List.of("o0")), List.of(List.of(1), List.of()), List.of(List.of(), List.of(0)),
        "o0", Map.<String, PeerInfo>of());

    private static final class Recording implements Outbox {
        final List<Frame> sent = new ArrayList<>();
        boolean full;

        @Override
        public boolean offer(final Frame frame) {
            if (full) {
                return false;
            }
            sent.add(frame);
            return true;
        }

        @Override
        public void close() {
        }
    }

    private static Frame status(final long epoch, final boolean drained) {
        return Frame.control(FrameType.STATUS, 99, 7, Frame.source(1, 0), epoch, drained ? Frame.DRAINED : 0);
    }

    @Test
    void startsAnEpochAtOnceThenEveryPeriodWithOneInFlight() {
        final Recording a = new Recording();
        final Recording b = new Recording();
        final AtomicInteger completed = new AtomicInteger();
        final JobCoordinator c = new JobCoordinator(LAYOUT, Frame.source(1, 0), 100, List.of(a, b), 0,
            completed::incrementAndGet);
        c.doWork(0);
        assertThat(a.sent).extracting(Frame::epoch).containsExactly(1L);
        assertThat(b.sent).extracting(Frame::type).containsExactly(FrameType.BARRIER);
        c.doWork(TimeUnit.MILLISECONDS.toNanos(500));
        assertThat(a.sent).as("epoch 1 is still in flight").hasSize(1);
        c.onStatus(status(1, false));
        c.doWork(TimeUnit.MILLISECONDS.toNanos(550));
        assertThat(a.sent).extracting(Frame::epoch).containsExactly(1L, 2L);
        c.onStatus(status(1, true));
        assertThat(completed).as("a status of an old epoch counts for nothing").hasValue(0);
        c.onStatus(status(2, true));
        assertThat(completed).hasValue(1);
        assertThat(c.completed()).isTrue();
    }

    @Test
    void anEpochStillInFlightHasItsBarriersSentAgain() {
        final Recording a = new Recording();
        final JobCoordinator c = new JobCoordinator(LAYOUT, Frame.source(1, 0), 100, List.of(a, new Recording()), 0,
            () -> { });
        c.doWork(0);
        c.doWork(TimeUnit.MILLISECONDS.toNanos(1_999));
        assertThat(a.sent).hasSize(1);
        c.doWork(TimeUnit.MILLISECONDS.toNanos(2_000));
        assertThat(a.sent).extracting(Frame::epoch).containsExactly(1L, 1L);
    }

    @Test
    void anExhaustedInputStartsTheNextEpochWithoutWaitingAndRefusedBarriersAreRetried() {
        final Recording a = new Recording();
        final Recording b = new Recording();
        final JobCoordinator c = new JobCoordinator(LAYOUT, Frame.source(1, 0), 60_000, List.of(a, b), 0, () -> { });
        b.full = true;
        c.doWork(0);
        assertThat(a.sent).hasSize(1);
        assertThat(b.sent).isEmpty();
        b.full = false;
        c.doWork(1);
        assertThat(b.sent).hasSize(1);
        c.onStatus(status(1, false));
        c.onInputExhausted();
        c.doWork(2);
        assertThat(a.sent).extracting(Frame::epoch).containsExactly(1L, 2L);
    }
}
