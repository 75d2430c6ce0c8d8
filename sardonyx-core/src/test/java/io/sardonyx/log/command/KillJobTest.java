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
import java.util.List;
import org.junit.jupiter.api.Test;

/** kill-job: peers stop and move on; unknown ids are recorded. */
class KillJobTest {
    private static Replica cluster() {
        return joined(empty(JobSchedulerKind.GREEDY), 3, "a");
    }

    @Test
    void shouldStopAKilledJobsPeersAndRecordUnknownIds() {
        final Replica r = apply(cluster(), new SubmitJob(linearJob("j1", 1, 1, "in", "out")));
        final String peer = r.allocations().peersOf("j1", "in").get(0);
        final Transition t = step(r, new KillJob("j1"));
        assertThat(t.diff()).isEqualTo(Diff.of("killed", List.of("j1")));
        assertThat(t.after().allocations().byJob()).isEmpty();
        assertThat(t.effects(Observer.peer(peer, "a"))).containsExactly(
            new Effect.StopTask(peer, new TaskRef("j1", "in"), Effect.StopReason.JOB_KILLED));
        assertThat(step(t.after(), new KillJob("j1")).diff()).isEqualTo(Diff.NONE);

        final Replica never = apply(cluster(), new KillJob("j9"), new SubmitJob(linearJob("j9", 1, 1, "in")));
        assertThat(never.jobs().killed()).containsExactly("j9");
        assertThat(never.jobs().active()).isEmpty();
    }

    @Test
    void aKillFromAnEarlierAllocationIsStale() {
        final Replica r = apply(cluster(), new SubmitJob(linearJob("j1", 1, 1, "in", "out")));
        final long version = r.allocations().versions().get("j1");
        assertThat(step(r, new KillJob("j1", version - 1)).after().jobs().active()).containsExactly("j1");
        assertThat(step(r, new KillJob("j1", version)).after().jobs().killed()).containsExactly("j1");
        assertThat(step(r, new KillJob("j1")).after().jobs().killed()).containsExactly("j1");
    }

    @Test
    void shouldGiveTheNextJobTheKilledJobsPeers() {
        final Replica r = apply(joined(empty(JobSchedulerKind.GREEDY), 2, "a"),
            new SubmitJob(linearJob("j1", 1, 1, "in", "out")), new SubmitJob(linearJob("j2", 1, 1, "in", "out")));
        assertThat(r.allocations().byJob()).containsOnlyKeys("j1");
        assertThat(apply(r, new KillJob("j1")).allocations().byJob()).containsOnlyKeys("j2");
    }
}
