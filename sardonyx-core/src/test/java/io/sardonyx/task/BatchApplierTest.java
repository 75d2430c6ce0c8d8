package io.sardonyx.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.flow.FlowRouter;
import io.sardonyx.flow.GroupKey;
import io.sardonyx.job.FluxPolicy;
import io.sardonyx.job.Job;
import io.sardonyx.job.KeyGroups;
import io.sardonyx.job.PackagePolicy;
import io.sardonyx.job.Task;
import io.sardonyx.usercode.UserCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A batch through the function and the routes, without a cluster: grouped by key group, else batches in turn. */
public class BatchApplierTest {
    private static final UserCode CODE = new UserCode(BatchApplierTest.class.getClassLoader(), PackagePolicy.ANY);

    public static Map<String, Object> inc(final Map<String, Object> segment) {
        return Map.of("k", segment.get("k"), "n", (Long) segment.get("n") + 1);
    }

    private static Job job() {
        return Job.builder().edge("in", "inc").edge("inc", "count").edge("inc", "out")
            .task(Task.input("in", "seq"))
            .task(Task.function("inc", BatchApplierTest.class.getName() + "::inc"))
            .task(Task.function("count", BatchApplierTest.class.getName() + "::inc").groupByKey("k")
                .fluxPolicy(FluxPolicy.RECOVER))
            .task(Task.output("out", "collect"))
            .build();
    }

    private static List<Map<String, Object>> batch(final int n) {
        final List<Map<String, Object>> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.add(Map.of("k", "key-" + (i % 37), "n", i));
        }
        return out;
    }

    @Test
    void groupedSegmentsGoToTheSlotOwningTheirKeyGroupAndTheRestAreSpreadEvenly() throws Throwable {
        final Job job = job();
        final int[] peers = {3, 4};
        final BatchApplier applier = new BatchApplier("inc", TaskFunction.of(job.task("inc").orElseThrow(), List.of(),
            CODE), new FlowRouter(job, "inc", List.of("count", "out"), CODE), new GroupKey[] {GroupKey.of(
                job.task("count").orElseThrow(), CODE), null}, peers, 0, KeyGroups.DEFAULT);
        final BatchApplier.Output out = applier.apply(batch(400));
        assertThat(out.results).hasSize(400);

        final Map<Object, Integer> slotOfKey = new HashMap<>();
        int grouped = 0;
        for (int s = 0; s < peers[0]; s++) {
            final List<Map<String, Object>> sent = out.outgoing.get(0).get(s);
            for (final Map<String, Object> segment : sent == null ? List.<Map<String, Object>>of() : sent) {
                grouped++;
                assertThat(s).as("key %s", segment.get("k"))
                    .isEqualTo(GroupKey.slot(segment.get("k"), peers[0], KeyGroups.DEFAULT));
                final Integer before = slotOfKey.put(segment.get("k"), s);
                assertThat(before == null || before == s).as("a key goes to one slot").isTrue();
            }
        }
        assertThat(grouped).isEqualTo(400);

        // An ungrouped task takes whole batches in turn: frames stay large, and each peer gets its share.
        final int[] batches = new int[peers[1]];
        for (int b = 0; b < peers[1]; b++) {
            final BatchApplier.Output next = b == 0 ? out : applier.apply(batch(400));
            int receivers = 0;
            for (int s = 0; s < peers[1]; s++) {
                if (next.outgoing.get(1).get(s) != null) {
                    assertThat(next.outgoing.get(1).get(s)).hasSize(400);
                    batches[s]++;
                    receivers++;
                }
            }
            assertThat(receivers).as("one peer takes a whole batch").isEqualTo(1);
        }
        assertThat(batches).as("in turn").containsOnly(1);
    }
}
