package io.sardonyx.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sardonyx.job.PackagePolicy;
import io.sardonyx.job.Task;
import io.sardonyx.usercode.UserCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Input positions by split: however the peer count changes between checkpoints, every element is read once. */
class SplitPositionsTest {
    private static final int ELEMENTS = 1_000;

    private static PluginContext context(final int slot, final int peers, final int keyGroups) {
        final List<Map<String, Object>> elements = new ArrayList<>();
        for (long i = 0; i < ELEMENTS; i++) {
            elements.add(Map.of("n", i));
        }
        return new PluginContext("job", Task.input("in", "seq").with("seq/elements", elements).build(), slot, peers,
            keyGroups, null, new UserCode(SplitPositionsTest.class.getClassLoader(), PackagePolicy.ANY), 1,
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    @Test
    void aSeqReadThroughChangingPeerCountsEmitsEveryElementOnce() throws Exception {
        final SplittableRandom random = new SplittableRandom(16);
        for (int round = 0; round < 50; round++) {
            final int keyGroups = 1 + random.nextInt(64);
            final Map<Long, Integer> seen = new HashMap<>();
            List<Object> states = null;
            int peers = 1 + random.nextInt(Math.min(keyGroups, 6));
            boolean done = false;
            while (!done) {
                final List<Object> next = new ArrayList<>();
                done = true;
                for (int slot = 0; slot < peers; slot++) {
                    final SeqInput input = new SeqInput();
                    input.start(context(slot, peers, keyGroups));
                    input.recover(states == null ? null : input.rescale(states));
                    final List<Map<String, Object>> out = new ArrayList<>();
                    // Each slot reads a random share before the checkpoint; what it read after it is lost with the
                    // peer (never committed), so it is not counted.
                    input.poll(out, random.nextInt(200));
                    out.forEach(s -> seen.merge((Long) s.get("n"), 1, Integer::sum));
                    next.add(input.checkpoint());
                    done &= input.completed();
                    input.close();
                }
                states = next;
                peers = 1 + random.nextInt(Math.min(keyGroups, 6));
            }
            assertThat(seen).as("round %d over %d key groups", round, keyGroups).hasSize(ELEMENTS);
            assertThat(seen.values()).containsOnly(1);
        }
    }

    @Test
    void aCheckpointOfAnotherNumberOfKeyGroupsIsRefusedByName() throws Exception {
        final SeqInput before = new SeqInput();
        before.start(context(0, 1, 64));
        before.recover(null);
        final Object state = before.checkpoint();
        final SeqInput after = new SeqInput();
        after.start(context(0, 1, 128));
        assertThatThrownBy(() -> after.recover(state)).hasMessageContaining("task in (seq)")
            .hasMessageContaining("into 64 and this job into 128");
    }

    @Test
    void aPluginThatKeepsStateButCannotRescaleSaysSo() {
        final InputPlugin plain = new InputPlugin() {
            @Override
            public void start(final PluginContext context) {
            }

            @Override
            public int poll(final List<Map<String, Object>> out, final int max) {
                return 0;
            }

            @Override
            public Object checkpoint() {
                return 1L;
            }

            @Override
            public void recover(final Object checkpoint) {
            }

            @Override
            public boolean completed() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> plain.rescale(List.of(1L, 2L))).hasMessageContaining("keeps state per peer")
            .hasMessageContaining("FixedPeerCount");
    }
}
