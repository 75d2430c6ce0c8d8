package io.sardonyx.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskSchedulerKind;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Onyx's abs_plugin_test: seq input → inc → collect, 3 peers; every segment arrives incremented, once. */
class LinearJobTest {
    @Test
    void everySegmentIsIncrementedOnce() throws Exception {
        try (Sardonyx sardonyx = RuntimeTestSupport.environment()) {
            sardonyx.startPeers(3);
            final Job job = Job.builder()
                .edge("in", "inc").edge("inc", "out")
                .task(Task.input("in", "seq").batchSize(20).with("seq/elements", RuntimeTestSupport.numbers(100)))
                .task(Task.function("inc", "io.sardonyx.runtime.Fns::inc").batchSize(20))
                .task(Task.output("out", "collect").batchSize(20))
                .taskScheduler(TaskSchedulerKind.BALANCED)
                .build();
            final JobHandle handle = sardonyx.submit(job);
            final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, handle);
            assertThat(outcome.completed()).as(outcome.reason()).isTrue();
            final List<Map<String, Object>> out = handle.collected("out");
            final Set<Long> ns = new HashSet<>();
            out.forEach(s -> ns.add((Long) s.get("n")));
            assertThat(out).hasSize(100);
            assertThat(ns).hasSize(100).allMatch(n -> n >= 1 && n <= 100);
            assertThat(RuntimeTestSupport.log(sardonyx)).as("the log a failing cluster test prints")
                .contains("submit-job").contains("complete-job");
        }
    }
}
