package io.sardonyx.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.sardonyx.checkpoint.BlobKey;
import io.sardonyx.checkpoint.Checkpoints;
import io.sardonyx.checkpoint.Coordinate;
import io.sardonyx.checkpoint.InMemoryCheckpointStorage;
import io.sardonyx.flow.GroupKey;
import io.sardonyx.job.FluxPolicy;
import io.sardonyx.job.Job;
import io.sardonyx.job.KeyGroups;
import io.sardonyx.job.PackagePolicy;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskType;
import io.sardonyx.job.Trigger;
import io.sardonyx.job.TriggerKind;
import io.sardonyx.job.Window;
import io.sardonyx.job.WindowType;
import io.sardonyx.log.LogParameters;
import io.sardonyx.log.Replica;
import io.sardonyx.log.store.InMemoryLog;
import io.sardonyx.messaging.Messenger;
import io.sardonyx.plugin.PluginResources;
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
    private static final UserCode CODE = new UserCode(TaskSnapshotsTest.class.getClassLoader(), PackagePolicy.ANY);
    private static final String JOB = "6a1f0e3c-2f4b-4d5e-9a7b-1c2d3e4f5a6b";

    /** Only checkpoints: the recovery reads blobs and nothing else of the group. */
    private static final class Services implements TaskServices {
        private final Checkpoints checkpoints;

        Services(final Checkpoints checkpoints) {
            this.checkpoints = checkpoints;
        }

        @Override
        public Checkpoints checkpoints() {
            return checkpoints;
        }

        @Override
        public Replica replica() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String groupId() {
            return "g";
        }

        @Override
        public Messenger messenger() {
            throw new UnsupportedOperationException();
        }

        @Override
        public UserCode code() {
            return CODE;
        }

        @Override
        public PluginResources resources() {
            throw new UnsupportedOperationException();
        }

        @Override
        public RuntimeSettings settings() {
            return RuntimeSettings.DEFAULT;
        }

        @Override
        public MeterRegistry meters() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void completeJob(final String jobId, final long version) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void evictPeer(final String peer, final String group, final String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void killJob(final String jobId, final long version, final String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void restartPeer(final String peer, final String jobId, final long version, final String reason) {
            throw new UnsupportedOperationException();
        }
    }

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
        final InMemoryLog log = new InMemoryLog();
        log.parameters(LogParameters.DEFAULT);
        try (Checkpoints checkpoints = new Checkpoints(new InMemoryCheckpointStorage("test"), log, 3)) {
            final Services services = new Services(checkpoints);
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
                    checkpoints.write(new BlobKey(JOB, 1, 7, "count", slot), TaskSnapshots.state(w, null)).join();
                }
            }
            final Coordinate twoSlots = new Coordinate(1, 7, Map.of("count", 2), KeyGroups.DEFAULT);
            for (final int peers : new int[] {3, 1}) {
                final Map<Object, Long> restored = new HashMap<>();
                for (int slot = 0; slot < peers; slot++) {
                    final TaskSnapshots snapshots = new TaskSnapshots(services, JOB, job.task("count").orElseThrow(),
                        KeyGroups.DEFAULT);
                    try (WindowExecutor w = windows(job)) {
                        assertThat(snapshots.recover(BarrierPayload.of(twoSlots), layout(2, peers), 1, slot, null, null,
                            w)).isTrue();
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
