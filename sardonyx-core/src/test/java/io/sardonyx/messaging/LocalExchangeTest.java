package io.sardonyx.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalExchangeTest {
    private static Frame frame(final long epoch) {
        return Frame.control(FrameType.BARRIER, 1, 1, 0, epoch, 0);
    }

    @Test
    void refusesUntilTheReceiverOpensThenPushesBackWhenFull() {
        final LocalExchange exchange = new LocalExchange(2);
        final Outbox out = exchange.connect("a", "b");
        assertThat(out.offer(frame(1))).isFalse();
        final Inbox in = exchange.open("b");
        assertThat(out.offer(frame(1))).isTrue();
        assertThat(out.offer(frame(2))).isTrue();
        assertThat(out.offer(frame(3))).as("queue of 2 is full").isFalse();
        final List<Long> got = new ArrayList<>();
        assertThat(in.poll(f -> got.add(f.epoch()), 10)).isEqualTo(2);
        assertThat(got).containsExactly(1L, 2L);
        assertThat(out.offer(frame(3))).isTrue();
    }

    @Test
    void aHeldFrameStaysFirstAndHoldsOnlyItsSender() {
        final LocalExchange exchange = new LocalExchange(8);
        final Inbox in = exchange.open("c");
        final Outbox fromA = exchange.connect("a", "c");
        final Outbox fromB = exchange.connect("b", "c");
        fromA.offer(frame(1));
        fromA.offer(frame(2));
        fromB.offer(frame(10));
        final List<Long> got = new ArrayList<>();
        in.poll(f -> {
            if (f.epoch() == 1) {
                return false;
            }
            got.add(f.epoch());
            return true;
        }, 10);
        assertThat(got).containsExactly(10L);
        in.poll(f -> got.add(f.epoch()), 10);
        assertThat(got).containsExactly(10L, 1L, 2L);
    }
}
