package io.sardonyx.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.checkpoint.Coordinate;
import io.sardonyx.checkpoint.RecoveryPlan;
import io.sardonyx.log.PeerInfo;
import io.sardonyx.messaging.Frame;
import io.sardonyx.messaging.FrameType;
import io.sardonyx.messaging.Outbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobCoordinatorTest {
    /** in (2 peers) -> out (1 peer). */
    private static final JobLayout LAYOUT = new JobLayout("job", 99, 7, List.of("in", "out"),
        List.of(List.of("i0", "i1"), List.of("o0")), List.of(List.of(1), List.of()), List.of(List.of(), List.of(0)),
        "o0", Map.<String, PeerInfo>of());
    private static final Map<String, Integer> STATEFUL = Map.of("in", 2, "out", 1);

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

    private static class FakeActions implements JobCoordinator.Actions {
        RecoveryPlan recovery = RecoveryPlan.FRESH;
        final List<Coordinate> recorded = new ArrayList<>();
        boolean stale;
        final AtomicInteger completed = new AtomicInteger();
        String failure;

        @Override
        public CompletableFuture<RecoveryPlan> recoveryPoint() {
            return CompletableFuture.completedFuture(recovery);
        }

        @Override
        public CompletableFuture<Boolean> record(final Coordinate checkpoint) {
            if (!stale) {
                recorded.add(checkpoint);
            }
            return CompletableFuture.completedFuture(!stale);
        }

        @Override
        public void complete() {
            completed.incrementAndGet();
        }

        @Override
        public void fail(final String reason, final Throwable cause) {
            failure = reason + ": " + cause.getMessage();
        }

    }

    private static List<Frame> barriers(final Recording route) {
        return route.sent.stream().filter(f -> f.type() == FrameType.BARRIER).toList();
    }

    private static Frame status(final int task, final int slot, final long epoch, final boolean drained) {
        return Frame.control(FrameType.STATUS, 99, 7, Frame.source(task, slot), epoch, drained ? Frame.DRAINED : 0);
    }

    /** Runs the duty cycle a few times at the same instant (recovery and recording complete in between). */
    private static void work(final JobCoordinator c, final long nowMs) {
        for (int i = 0; i < 4; i++) {
            c.doWork(TimeUnit.MILLISECONDS.toNanos(nowMs));
        }
    }

    private static void everyPeerReports(final JobCoordinator c, final long epoch, final boolean drained) {
        c.onStatus(status(0, 0, epoch, false));
        c.onStatus(status(0, 1, epoch, false));
        c.onStatus(status(1, 0, epoch, drained));
    }

    @Test
    void theFirstBarrierNamesTheRecoveryPointThenEpochsFollowOneAtATime() {
        final Recording a = new Recording();
        final Recording b = new Recording();
        final Recording o = new Recording();
        final FakeActions actions = new FakeActions();
        actions.recovery = new RecoveryPlan(new Coordinate(5, 3, STATEFUL, 128), Map.of());
        final JobCoordinator c = new JobCoordinator(LAYOUT, Frame.source(1, 0),
            100,
            new JobCoordinator.Routes(List.of(a, b), List.of(o)), STATEFUL, 128, 0,
            actions);
        work(c, 0);
        assertThat(barriers(a)).extracting(Frame::epoch).containsExactly(1L);
        assertThat(BarrierPayload.checkpoint(barriers(a).get(0).segments()))
            .isEqualTo(new Coordinate(5, 3, STATEFUL, 128));
        work(c, 500);
        assertThat(barriers(a)).as("epoch 1 is still in flight").hasSize(1);
        c.onStatus(status(1, 0, 1, false));
        work(c, 550);
        assertThat(barriers(a)).as("one peer of three reported").hasSize(1);
        c.onStatus(status(0, 0, 1, false));
        c.onStatus(status(0, 1, 1, false));
        work(c, 550);
        assertThat(actions.recorded).containsExactly(new Coordinate(7, 1, STATEFUL, 128));
        assertThat(barriers(a)).extracting(Frame::epoch).containsExactly(1L, 2L);
        assertThat(barriers(a).get(1).segments()).as("only the first barrier carries the recovery point").isEmpty();
        everyPeerReports(c, 1, true);
        assertThat(actions.completed).as("a status of an old epoch counts for nothing").hasValue(0);
        everyPeerReports(c, 2, true);
        work(c, 600);
        assertThat(actions.recorded).extracting(Coordinate::epoch).containsExactly(1L, 2L);
        assertThat(o.sent).extracting(Frame::type, Frame::epoch, f -> f.has(Frame.COMPLETED)).containsExactly(
            org.assertj.core.groups.Tuple.tuple(FrameType.CHECKPOINTED, 1L, false),
            org.assertj.core.groups.Tuple.tuple(FrameType.CHECKPOINTED, 2L, true));
        assertThat(actions.completed).as("not before the outputs committed the final checkpoint").hasValue(0);
        c.onStatus(Frame.control(FrameType.STATUS, 99, 7, Frame.source(1, 0), 2, Frame.COMMITTED));
        assertThat(actions.completed).hasValue(1);
        assertThat(c.completed()).isTrue();
    }

    @Test
    void aStaleCoordinatorNeitherRecordsNorCompletes() {
        final FakeActions actions = new FakeActions();
        actions.stale = true;
        final JobCoordinator c = new JobCoordinator(LAYOUT, Frame.source(1, 0),
            100,
            new JobCoordinator.Routes(List.of(new Recording(), new Recording()), List.of(new Recording())),
            STATEFUL, 128, 0, actions);
        work(c, 0);
        everyPeerReports(c, 1, true);
        work(c, 1);
        assertThat(actions.completed).hasValue(0);
        assertThat(c.completed()).isTrue();
    }

    @Test
    void anEpochStillInFlightHasItsBarriersSentAgain() {
        final Recording a = new Recording();
        final JobCoordinator c = new JobCoordinator(LAYOUT, Frame.source(1, 0),
            100,
            new JobCoordinator.Routes(List.of(a, new Recording()), List.of(new Recording())), STATEFUL, 128, 0,
            new FakeActions());
        work(c, 0);
        work(c, 1_999);
        assertThat(barriers(a)).hasSize(1);
        work(c, 2_000);
        assertThat(barriers(a)).extracting(Frame::epoch).containsExactly(1L, 1L);
        assertThat(BarrierPayload.recovers(barriers(a).get(1).segments())).as("the resent first barrier still recovers")
            .isTrue();
    }

    @Test
    void anExhaustedInputStartsTheNextEpochWithoutWaitingAndRefusedBarriersAreRetried() {
        final Recording a = new Recording();
        final Recording b = new Recording();
        final Recording o = new Recording();
        final JobCoordinator c = new JobCoordinator(LAYOUT, Frame.source(1, 0),
            60_000,
            new JobCoordinator.Routes(List.of(a, b), List.of(o)), STATEFUL, 128, 0,
            new FakeActions());
        b.full = true;
        work(c, 0);
        assertThat(barriers(a)).hasSize(1);
        assertThat(barriers(b)).isEmpty();
        b.full = false;
        work(c, 1);
        assertThat(barriers(b)).hasSize(1);
        c.onInputExhausted();
        everyPeerReports(c, 1, false);
        work(c, 2);
        assertThat(barriers(a)).extracting(Frame::epoch).containsExactly(1L, 2L);
    }

    @Test
    void noWholeCheckpointKillsTheJob() {
        final FakeActions actions = new FakeActions() {
            @Override
            public CompletableFuture<RecoveryPlan> recoveryPoint() {
                return CompletableFuture.failedFuture(new IllegalStateException("blob in/0 is corrupt"));
            }
        };
        final Recording a = new Recording();
        final JobCoordinator c = new JobCoordinator(LAYOUT, Frame.source(1, 0),
            100,
            new JobCoordinator.Routes(List.of(a, new Recording()), List.of(new Recording())), STATEFUL, 128, 0,
            actions);
        work(c, 0);
        assertThat(actions.failure).contains("cannot recover").contains("blob in/0 is corrupt");
        assertThat(barriers(a)).isEmpty();
    }
}
