package io.sardonyx.runtime;

import io.sardonyx.client.Engine;
import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.job.Fusion;
import io.sardonyx.job.Job;
import io.sardonyx.job.JobBuilder;
import io.sardonyx.job.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Function tasks fused into their upstream task run in its peers and give what the same job gives with every task
 * on peers of its own: fan-out, filtering, params, order of application.
 */
class FusedTasksTest {
    private static final String FNS = "io.sardonyx.runtime.Fns::";

    private static JobBuilder job(final String last) {
        return Job.builder().chain("in", "twice", "inc", "even", "add", last, "out")
            .task(Task.input("in", "seq").batchSize(20).with("seq/elements", RuntimeTestSupport.numbers(300)))
            .task(Task.function("twice", FNS + "twice").batchSize(20))
            .task(Task.function("inc", FNS + "inc").batchSize(20))
            .task(Task.function("even", FNS + "keepEven").batchSize(20))
            .task(Task.function("add", FNS + "addParam").batchSize(20).params("add/amount").with("add/amount", 10))
            .task(Task.function(last, FNS + ("last".equals(last) ? "identity" : "text")).batchSize(20))
            .task(Task.output("out", "collect").batchSize(20));
    }

    private static List<Long> run(final Sardonyx sardonyx, final JobHandle handle) throws Exception {
        final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, handle);
        assertThat(outcome.completed()).as(outcome.reason() + RuntimeTestSupport.log(sardonyx)).isTrue();
        final List<Long> ns = new ArrayList<>();
        for (final Map<String, Object> segment : handle.collected("out")) {
            ns.add((Long) segment.get("n"));
        }
        ns.sort(Long::compare);
        return ns;
    }

    @Test
    void fusedChainGivesWhatSeparateTasksGive() throws Exception {
        final List<Long> expected = new ArrayList<>();
        for (long n = 0; n < 300; n++) {
            if ((n + 1) % 2 == 0) {
                expected.add(n + 11);
                expected.add(n + 11);
            }
        }
        try (Sardonyx sardonyx = RuntimeTestSupport.environment()) {
            sardonyx.startPeers(7);
            final JobHandle fused = sardonyx.submit(job("last").build());
            assertThat(run(sardonyx, fused)).isEqualTo(expected);
            // The log and the stored definition know the job as it ran: one task, the chain and the output inside it.
            final Job stored = Engine.of(sardonyx).client().job(fused.id()).orElseThrow();
            assertThat(stored.catalog()).extracting(Task::name).containsExactly("in");
            assertThat(Fusion.fusedInto(stored.task("in").orElseThrow())).extracting(Task::name)
                .containsExactly("twice", "inc", "even", "add", "last", "out");
            assertThat(Engine.of(sardonyx).replica().jobs().specs().get(fused.id()).tasks()).hasSize(1);
            // The same job with fusion off runs on seven peers and gives the same segments.
            final JobHandle apart = sardonyx.submit(job("last").jobConfig(Fusion.JOB_CONFIG_KEY, false).build());
            assertThat(run(sardonyx, apart)).isEqualTo(expected);
            assertThat(Engine.of(sardonyx).replica().jobs().specs().get(apart.id()).tasks()).hasSize(7);
        }
    }

    @Test
    void aFusedFunctionReturningANonSegmentKillsTheJobNamingItsTask() throws Exception {
        try (Sardonyx sardonyx = RuntimeTestSupport.environment()) {
            sardonyx.startPeers(2);
            final JobHandle handle = sardonyx.submit(job("bad").build());
            final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, handle);
            assertThat(outcome.completed()).isFalse();
            assertThat(outcome.reason()).contains("function " + FNS + "text of task bad returned a java.lang.String");
        }
    }
}
