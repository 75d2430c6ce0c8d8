package io.sardonyx.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.job.Task;
import io.sardonyx.messaging.Frame;
import io.sardonyx.messaging.FrameType;
import io.sardonyx.plugin.InputPlugin;
import io.sardonyx.plugin.PluginContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An input task's reading side alone: natural batching (a batch goes when full, when the input has nothing more for
 * now, when its time is up, when a barrier waits behind it), the one report that the input ran out, and the barrier
 * waiting to be passed on.
 */
class InputReaderTest {
    /** An input the test feeds by hand; it runs out once closed. */
    private static class Fed implements InputPlugin {
        final ArrayDeque<Map<String, Object>> ready = new ArrayDeque<>();
        boolean ended;

        @Override
        public void start(final PluginContext context) {
            // Nothing to open.
        }

        @Override
        public int poll(final List<Map<String, Object>> out, final int max) {
            int n = 0;
            while (n < max && !ready.isEmpty()) {
                out.add(ready.poll());
                n++;
            }
            return n;
        }

        @Override
        public Object checkpoint() {
            return null;
        }

        @Override
        public void recover(final Object checkpoint) {
            // Nothing kept.
        }

        @Override
        public boolean completed() {
            return ended && ready.isEmpty();
        }

        @Override
        public void close() {
            // Nothing opened.
        }
    }

    private static final Task TASK = Task.input("in", "seq").batchSize(4).batchTimeoutMs(50).build();

    private static void feed(final Fed input, final int from, final int count) {
        for (int i = from; i < from + count; i++) {
            input.ready.add(Map.of("n", (long) i));
        }
    }

    @Test
    void aBatchGoesWhenFullOrWhenTheInputHasNothingMoreForNow() throws Exception {
        final Fed input = new Fed();
        final InputReader reader = new InputReader(input, new TaskParts.Watermark(null), TASK);
        final List<Map<String, Object>> batch = new ArrayList<>();
        feed(input, 0, 6);
        assertThat(reader.read(batch, 0)).isEqualTo(4);
        assertThat(reader.due(batch, 0)).as("full").isTrue();
        assertThat(reader.read(batch, 0)).as("a full batch asks nothing").isEqualTo(-1);
        batch.clear();
        assertThat(reader.read(batch, 0)).isEqualTo(2);
        assertThat(reader.due(batch, 0)).as("the input had nothing more: no waiting for the timeout").isTrue();
    }

    @Test
    void aBatchOfABusyInputGoesWhenItsTimeIsUp() throws Exception {
        // The input always has more: every poll fills what it is asked for, so the batch is never "drained".
        final Fed busy = new Fed() {
            @Override
            public int poll(final List<Map<String, Object>> out, final int max) {
                out.add(Map.of("n", 9L));
                return 1;
            }
        };
        final InputReader reader = new InputReader(busy, new TaskParts.Watermark(null),
            Task.input("in", "seq").batchSize(1_000).batchTimeoutMs(50).build());
        final long start = TimeUnit.MILLISECONDS.toNanos(1_000);
        final List<Map<String, Object>> batch = new ArrayList<>();
        assertThat(reader.read(batch, start)).as("it reads up to a full batch").isEqualTo(1_000);
        final List<Map<String, Object>> filling = new ArrayList<>(List.of(Map.of("n", 1L)));
        assertThat(reader.due(filling, start)).as("neither full nor drained nor late").isFalse();
        assertThat(reader.due(filling, start + TimeUnit.MILLISECONDS.toNanos(50))).as("time is up").isTrue();
    }

    @Test
    void runningOutIsReportedOnceAndAWaitingBarrierSendsTheBatch() throws Exception {
        final Fed input = new Fed();
        final InputReader reader = new InputReader(input, new TaskParts.Watermark(null), TASK);
        final List<Map<String, Object>> batch = new ArrayList<>();
        assertThat(reader.exhausted()).isFalse();
        input.ended = true;
        assertThat(reader.read(batch, 0)).as("a done input is not polled").isEqualTo(-1);
        assertThat(reader.exhausted()).isTrue();
        assertThat(reader.exhausted()).as("once").isFalse();
        reader.reset();
        assertThat(reader.exhausted()).as("anew on a new attempt").isTrue();

        final Fed live = new Fed();
        final InputReader waiting = new InputReader(live, new TaskParts.Watermark(null), TASK);
        final Frame forged = Frame.control(FrameType.BARRIER, 1, 2, 0, 1_000_000, 0);
        assertThat(waiting.jumps(forged)).as("an epoch no coordinator sends first").isTrue();
        assertThat(waiting.offer(forged)).as("dropped").isTrue();
        assertThat(waiting.barrierWaiting()).isFalse();
        assertThat(waiting.offer(Frame.control(FrameType.BARRIER, 1, 2, 0, 1, 0))).isTrue();
        assertThat(waiting.barrierWaiting()).isTrue();
        assertThat(waiting.barrierEpoch()).isEqualTo(1);
        assertThat(waiting.due(List.of(Map.of("n", 1L)), 0)).as("a barrier waits behind the batch").isTrue();
        waiting.barrierPassed();
        assertThat(waiting.barrierWaiting()).isFalse();
    }
}
