package io.sardonyx.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DoorbellTest {
    private static final long HOUR_NS = TimeUnit.HOURS.toNanos(1);

    @Test
    void aRingBeforeTheSleepIsNotLost() {
        final Doorbell bell = new Doorbell();
        bell.ring();
        // Would park for an hour if the ring were lost.
        assertThat(bell.sleep(HOUR_NS)).isTrue();
        // The ring is taken: the next sleep times out (briefly) and says it was not rung.
        assertThat(bell.sleep(1_000)).isFalse();
    }

    @Test
    void aRingWakesASleepingReceiver() throws Exception {
        final Doorbell bell = new Doorbell();
        final CountDownLatch asleep = new CountDownLatch(1);
        final AtomicBoolean rung = new AtomicBoolean();
        final AtomicLong sleptNs = new AtomicLong();
        final Thread receiver = new Thread(() -> {
            asleep.countDown();
            final long start = System.nanoTime();
            rung.set(bell.sleep(HOUR_NS));
            sleptNs.set(System.nanoTime() - start);
        });
        receiver.start();
        assertThat(asleep.await(10, TimeUnit.SECONDS)).isTrue();
        // Ring until the receiver is gone: however the ring and the sleep interleave, it wakes.
        while (receiver.isAlive()) {
            bell.ring();
            receiver.join(10);
        }
        assertThat(rung.get()).isTrue();
        assertThat(sleptNs.get()).isLessThan(TimeUnit.MINUTES.toNanos(1));
    }

    @Test
    void aSenderWakesItsReceiverThroughTheLocalExchange() throws Exception {
        final LocalExchange exchange = new LocalExchange(4);
        final LocalExchange.LocalInbox inbox = exchange.open("b");
        final Outbox outbox = exchange.connect("a", "b");
        final AtomicBoolean woke = new AtomicBoolean();
        final Thread receiver = new Thread(() -> woke.set(inbox.doorbell().sleep(HOUR_NS)));
        receiver.start();
        assertThat(outbox.offer(Frame.control(FrameType.BARRIER, 1, 1, 0, 0, 0))).isTrue();
        receiver.join(TimeUnit.MINUTES.toMillis(1));
        assertThat(receiver.isAlive()).isFalse();
        assertThat(woke.get()).isTrue();
    }
}
