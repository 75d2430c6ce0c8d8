package io.sardonyx.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.client.Engine;
import io.sardonyx.client.JobHandle;
import io.sardonyx.log.store.LogStore;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.log.store.LogEntry;
import io.sardonyx.log.ReplicaJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Replaying a recorded log: the events of every entry, and the replica diffs, applied the way the page applies
 * them, give the replica the peers computed at every position.
 */
class HistoryTest {
    @Test
    void replayGivesTheEventsAndTheReplicaAtEveryPosition() throws Exception {
        final List<LogEntry> entries = new ArrayList<>();
        final History history;
        try (Sardonyx sardonyx = Sardonyx.builder().build()) {
            sardonyx.startPeers(3);
            final JobHandle job = sardonyx.submit(Jobs.ticks("short", 50, 1_000));
            assertThat(job.await(Duration.ofMinutes(1)).completed()).isTrue();
            final LogStore store = Engine.of(sardonyx).store();
            history = new History(store.origin());
            long id = store.origin().messageId() + 1;
            for (Optional<LogEntry> e = store.read(id); e.isPresent(); e = store.read(++id)) {
                entries.add(e.get());
            }
            final List<String> kinds = new ArrayList<>();
            Object replicaJson = ReplicaJson.toJson(history.replicaAt(0));
            for (final LogEntry entry : entries) {
                final Map<String, Object> step = history.apply(entry);
                @SuppressWarnings("unchecked")
                final List<Map<String, Object>> diff = (List<Map<String, Object>>) step.get("diff");
                replicaJson = JsonDiff.apply(replicaJson, diff);
                assertThat(replicaJson).as("replica after entry %s", step.get("position"))
                    .isEqualTo(ReplicaJson.toJson(history.replicaAt((Integer) step.get("position"))));
                @SuppressWarnings("unchecked")
                final List<Map<String, Object>> events = (List<Map<String, Object>>) step.get("events");
                events.forEach(e -> kinds.add((String) e.get("kind")));
                assertThat(((Map<?, ?>) step.get("entry")).get("fn")).isEqualTo(entry.command().name());
            }
            assertThat(kinds).containsSubsequence("group-joined", "peer-added", "job-submitted", "job-started",
                "task-allocated", "job-completed");
            assertThat(kinds.stream().filter("job-submitted"::equals)).hasSize(1);
            assertThat(history.replicaAt(entries.size()).jobs().completed()).containsExactly(job.id());
            assertThat(history.replicaAt(0).jobs().active()).isEmpty();
        }
    }

    @Test
    void diffsOfRandomDocumentsApplyBackToTheirTarget() {
        final Random random = new Random(3);
        for (int run = 0; run < 2_000; run++) {
            final Object before = document(random, 3);
            final Object after = random.nextInt(4) == 0 ? document(random, 3) : mutate(before, random);
            assertThat(JsonDiff.apply(before, JsonDiff.diff(before, after))).as("run %d", run).isEqualTo(after);
        }
        assertThat(JsonDiff.diff(Map.of("a", 1L), Map.of("a", 1L))).isEmpty();
    }

    private static Object document(final Random random, final int depth) {
        if (depth == 0 || random.nextInt(3) == 0) {
            return random.nextBoolean() ? (Object) (long) random.nextInt(5) : List.of("x" + random.nextInt(3));
        }
        final Map<String, Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            map.put("k" + random.nextInt(5), document(random, depth - 1));
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private static Object mutate(final Object value, final Random random) {
        if (!(value instanceof Map<?, ?> map)) {
            return document(random, 2);
        }
        final Map<String, Object> out = new HashMap<>((Map<String, Object>) map);
        if (!out.isEmpty() && random.nextBoolean()) {
            final String key = out.keySet().iterator().next();
            if (random.nextBoolean()) {
                out.remove(key);
            } else {
                out.put(key, mutate(out.get(key), random));
            }
        } else {
            out.put("k" + random.nextInt(9), document(random, 2));
        }
        return out;
    }
}
