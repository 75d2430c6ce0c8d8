package io.sardonyx.log.command;

import static io.sardonyx.log.Replicas.apply;
import static io.sardonyx.log.Replicas.empty;
import static io.sardonyx.log.Replicas.joined;
import static io.sardonyx.log.Replicas.linearJob;
import static io.sardonyx.log.Replicas.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.log.Diff;
import io.sardonyx.log.Effect;
import io.sardonyx.log.Observer;
import io.sardonyx.log.Replica;
import io.sardonyx.log.TaskRef;
import io.sardonyx.log.store.Transition;
import io.sardonyx.job.JobSchedulerKind;
import org.junit.jupiter.api.Test;

/** complete-job: only active jobs complete. */
class CompleteJobTest {
    private static Replica cluster() {
        return joined(empty(JobSchedulerKind.GREEDY), 3, "a");
    }

    @Test
    void shouldCompleteOnlyActiveJobs() {
        final Replica r = apply(cluster(), new SubmitJob(linearJob("j1", 1, 1, "in", "out")));
        final String peer = r.allocations().peersOf("j1", "out").get(0);
        final Transition t = step(r, new CompleteJob("j1"));
        assertThat(t.diff()).isEqualTo(Diff.of("completed", "j1"));
        assertThat(t.after().jobs().completed()).containsExactly("j1");
        assertThat(t.effects(Observer.peer(peer, "a"))).containsExactly(
            new Effect.StopTask(peer, new TaskRef("j1", "out"), Effect.StopReason.JOB_COMPLETED));
        assertThat(step(t.after(), new CompleteJob("j1")).diff()).isEqualTo(Diff.NONE);
        assertThat(step(cluster(), new CompleteJob("nope")).diff()).isEqualTo(Diff.NONE);
    }

    @Test
    void aCompletionFromAnEarlierAllocationIsStale() {
        final Replica r = apply(cluster(), new SubmitJob(linearJob("j1", 1, 1, "in", "out")));
        final long version = r.allocations().versions().get("j1");
        assertThat(step(r, new CompleteJob("j1", version - 1)).diff()).isEqualTo(Diff.NONE);
        assertThat(step(r, new CompleteJob("j1", version - 1)).after().jobs().active()).containsExactly("j1");
        assertThat(step(r, new CompleteJob("j1", version)).after().jobs().completed()).containsExactly("j1");
    }
}
