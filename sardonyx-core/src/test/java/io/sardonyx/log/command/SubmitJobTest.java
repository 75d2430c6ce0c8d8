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

/** submit-job: scheduling, idempotence, minimums. */
class SubmitJobTest {
    private static Replica cluster() {
        return joined(empty(JobSchedulerKind.GREEDY), 3, "a");
    }

    @Test
    void shouldScheduleASubmittedJobAndStartItsPeers() {
        final Transition t = step(cluster(), new SubmitJob(linearJob("j1", 1, 1, "in", "inc", "out")));
        assertThat(t.diff()).isEqualTo(Diff.of("job", "j1"));
        assertThat(t.after().jobs().active()).containsExactly("j1");
        assertThat(t.after().allocations().byJob().get("j1")).hasSize(3);
        assertThat(t.after().allocations().versions()).containsEntry("j1", t.after().version());
        final String peer = t.after().allocations().peersOf("j1", "inc").get(0);
        assertThat(t.effects(Observer.peer(peer, "a"))).containsExactly(
            new Effect.StartTask(peer, new TaskRef("j1", "inc"), t.after().version()));
        assertThat(t.effects(Observer.group("a"))).isEmpty();
    }

    @Test
    void shouldTreatResubmissionAsANoOpWhateverTheJobsState() {
        final SubmitJob submit = new SubmitJob(linearJob("j1", 1, 1, "in", "out"));
        final Replica running = apply(cluster(), submit);
        assertThat(step(running, submit).diff()).isEqualTo(Diff.NONE);
        assertThat(apply(running, submit).jobs()).isEqualTo(running.jobs());
        final Replica killed = apply(running, new KillJob("j1"));
        assertThat(apply(killed, submit).jobs().active()).isEmpty();
        final Replica completed = apply(running, new CompleteJob("j1"));
        assertThat(apply(completed, submit).jobs().active()).isEmpty();
    }

    @Test
    void shouldGiveAJobPeersOnlyWhenItsMinimumFits() {
        final Replica r = apply(cluster(), new SubmitJob(linearJob("big", 2, 2, "in", "out")));
        assertThat(r.allocations().byJob()).isEmpty();
        assertThat(r.jobs().active()).containsExactly("big");
        final Replica grown = apply(r, io.sardonyx.log.Replicas.peer("a-p3", "a"));
        assertThat(io.sardonyx.log.Replicas.counts(grown).get("big")).containsEntry("in", 2).containsEntry("out", 2);
    }
}
