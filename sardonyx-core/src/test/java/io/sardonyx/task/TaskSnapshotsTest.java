package io.sardonyx.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.checkpoint.BlobKey;
import io.sardonyx.checkpoint.Checkpoints;
import io.sardonyx.checkpoint.Coordinate;
import io.sardonyx.flow.GroupKey;
import io.sardonyx.job.FluxPolicy;
import io.sardonyx.job.Job;
import io.sardonyx.job.KeyGroups;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskType;
import io.sardonyx.job.Trigger;
import io.sardonyx.job.TriggerKind;
import io.sardonyx.job.Window;
import io.sardonyx.job.WindowType;
import io.sardonyx.state.MemoryStateStore;
import io.sardonyx.usercode.UserCode;
import io.sardonyx.window.WindowExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A task's recovery on its own, against a fake of the peer group's services: window state written by some number of
 * slots comes back over another number, each group exactly once, on the slot that now owns its key group.
 */
public class TaskSnapshotsTest {
    private static final UserCode CODE = FakeTaskServices.CODE;
    private static final String JOB = "6a1f0e3c-2f4b-4d5e-9a7b-1c2d3e4f5a6b";

    public static Map<String, Object> emit(final Map<String, Object> fired, final Object state) {
        return Map.of("group-key", fired.get("group-key"), "state", state);
    }

    private static Job job() {
        return Job.builder().edge("in", "count").edge("count", "out")
            .task(Task.input("in", "seq"))
            .task(Task.builder("count", TaskType.REDUCE).with(Task.GROUP_BY_KEY, "k")
                .with(Task.FLUX_POLICY, FluxPolicy.RECOVER.key()).build())
            .task(Task.output("out", "collect"))
            .window(Window.builder("sums", "count", WindowType.GLOBAL)
                .aggregation("onyx.windowing.aggregation/sum", "n"))
            .trigger(Trigger.builder("at-end", "sums", TriggerKind.SEGMENT).threshold(1_000_000)
                .emit(TaskSnapshotsTest.class.getName() + "::emit"))
            .build();
    }

    private static WindowExecutor windows(final Job job) {
        return WindowExecutor.of(job, "count", GroupKey.of(job.task("count").orElseThrow(), CODE), CODE,
            MemoryStateStore::new);
    }

    private static JobLayout layout(final long version, final int peers) {
        final List<String> slots = new ArrayList<>();
        for (int s = 0; s < peers; s++) {
            slots.add("p" + version + "-" + s);
        }
        return new JobLayout(JOB, 1L, version, List.of("in", "count", "out"), List.of(List.of("i"), slots,
            List.of("o")), List.of(List.of(1), List.of(2), List.of()), List.of(List.of(), List.of(0), List.of(1)),
            "i", Map.of());
    }

    @Test
    void windowStateWrittenByTwoSlotsComesBackOverThreeAndBackOverOne() throws Exception {
        final Job job = job();
        // The task's reads go to an I/O queue this test runs by hand: the task thread only starts them.
        try (FakeTaskServices services = new FakeTaskServices()) {
            final Checkpoints checkpoints = services.checkpoints();
            // Two slots sum n per key, each over the keys its key groups own, and write their blobs at 1-7.
            final Map<Object, Long> expected = new TreeMap<>();
            for (int slot = 0; slot < 2; slot++) {
                try (WindowExecutor w = windows(job)) {
                    final List<Map<String, Object>> mine = new ArrayList<>();
                    for (long i = 0; i < 1_000; i++) {
                        final String key = "k" + (i % 97);
                        if (GroupKey.slot(key, 2, KeyGroups.DEFAULT) == slot) {
                            mine.add(Map.of("k", key, "n", i));
                            expected.merge(key, i, Long::sum);
                        }
                    }
                    w.apply(mine, 0);
                    final var written = checkpoints.write(new BlobKey(JOB, 1, 7, "count", slot),
                        TaskSnapshots.state(w, null));
                    services.runIo();
                    written.join();
                }
            }
            final Coordinate twoSlots = new Coordinate(1, 7, Map.of("count", 2), KeyGroups.DEFAULT);
            for (final int peers : new int[] {3, 1}) {
                final Map<Object, Long> restored = new HashMap<>();
                for (int slot = 0; slot < peers; slot++) {
                    try (WindowExecutor w = windows(job)) {
                        final TaskSnapshots snapshots = new TaskSnapshots(services, JOB,
                            job.task("count").orElseThrow(), KeyGroups.DEFAULT, null, null, w);
                        final TaskSlot where = new TaskSlot(layout(2, peers), 1, slot);
                        assertThat(snapshots.recover(BarrierPayload.of(twoSlots), where))
                            .as("the first call starts reading").isEqualTo(TaskSnapshots.Recovery.READING);
                        assertThat(snapshots.recover(BarrierPayload.of(twoSlots), where))
                            .as("nothing is read on the task's thread").isEqualTo(TaskSnapshots.Recovery.READING);
                        assertThat(snapshots.recovered()).isFalse();
                        services.runIo();
                        assertThat(snapshots.recover(BarrierPayload.of(twoSlots), where))
                            .isEqualTo(TaskSnapshots.Recovery.DONE);
                        assertThat(snapshots.recovered()).isTrue();
                        final int s = slot;
                        for (final Map<String, Object> fired : w.onJobCompleted(0)) {
                            final Object key = fired.get("group-key");
                            assertThat(GroupKey.slot(key, peers, KeyGroups.DEFAULT)).as("key %s on slot %d", key, s)
                                .isEqualTo(s);
                            assertThat(restored.put(key, (Long) fired.get("state"))).as("restored once").isNull();
                        }
                    }
                }
                assertThat(restored).as("over %d peers", peers).isEqualTo(expected);
            }
        }
    }
}
