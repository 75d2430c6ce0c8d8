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
import io.sardonyx.log.store.Transition;
import io.sardonyx.job.JobSchedulerKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** gc: finished jobs are forgotten; only the writer moves the origin. */
class GcTest {
    private static Replica cluster() {
        return joined(empty(JobSchedulerKind.GREEDY), 3, "a");
    }

    @Test
    void shouldForgetFinishedJobsAndLetOnlyItsWriterUpdateTheOrigin() {
        final Replica r = apply(cluster(), new SubmitJob(linearJob("j1", 1, 1, "in")),
            new SubmitJob(linearJob("j2", 1, 1, "in")), new SubmitJob(linearJob("j3", 1, 1, "in")),
            new KillJob("j1"), new CompleteJob("j2"));
        final Transition t = step(r, new Gc("client-1"));
        assertThat(t.diff()).isEqualTo(Diff.of("killed-jobs", List.of("j1"), "completed-jobs", List.of("j2")));
        assertThat(t.after().jobs().killed()).isEmpty();
        assertThat(t.after().jobs().completed()).isEmpty();
        assertThat(t.after().jobs().specs()).containsOnlyKeys("j3");
        assertThat(t.effects(Observer.client("client-1")))
            .containsExactly(new Effect.UpdateOrigin(t.after().version()));
        assertThat(t.effects(Observer.client("client-2"))).isEmpty();
        assertThat(t.effects(Observer.group("a"))).isEmpty();
    }
}
