package io.sardonyx.log.command;

import static io.sardonyx.log.Replicas.apply;
import static io.sardonyx.log.Replicas.empty;
import static io.sardonyx.log.Replicas.grouped;
import static io.sardonyx.log.Replicas.joined;
import static io.sardonyx.log.Replicas.peer;
import static io.sardonyx.log.Replicas.step;
import static io.sardonyx.log.Replicas.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.job.FluxPolicy;
import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.log.Diff;
import io.sardonyx.log.Effect;
import io.sardonyx.log.JobSpec;
import io.sardonyx.log.Observer;
import io.sardonyx.log.Replica;
import io.sardonyx.log.TaskRef;
import io.sardonyx.log.store.Transition;
import io.sardonyx.job.JobSchedulerKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** leave-cluster: one peer leaves; flux policies kill or continue. */
class LeaveClusterTest {
    @Test
    void shouldRemoveOnlyTheLeavingPeerAndRestartItIfAlive() {
        final Replica r = apply(joined(empty(JobSchedulerKind.GREEDY), 2, "a"),
            new SubmitJob(io.sardonyx.log.Replicas.linearJob("j", 1, 1, "in", "out")));
        final String running = r.allocations().peersOf("j", "in").get(0);
        final Transition t = step(r, new LeaveCluster(running, "a"));
        assertThat(t.diff()).isEqualTo(Diff.of("died", running));
        assertThat(t.after().membership().peers()).hasSize(1);
        assertThat(t.after().allocations().byJob()).isEmpty();
        assertThat(t.effects(Observer.peer(running, "a"))).containsExactly(
            new Effect.StopTask(running, new TaskRef("j", "in"), Effect.StopReason.PEER_LEFT),
            new Effect.RestartPeer(running, "this peer was removed from the cluster while alive"));
        assertThat(step(t.after(), new LeaveCluster(running, "a")).diff()).isEqualTo(Diff.NONE);
    }

    @Test
    void shouldKillTheJobWhenAKillPolicyGroupedTaskLosesAPeer() {
        final JobSpec kill = new JobSpec("j", List.of(task("in", 1, 1), grouped("count", 2, 2, FluxPolicy.KILL)),
            TaskSchedulerKind.BALANCED, 0);
        final Replica r = apply(joined(empty(JobSchedulerKind.GREEDY), 4, "a"), new SubmitJob(kill));
        final String counter = r.allocations().peersOf("j", "count").get(0);
        final Replica after = apply(r, new LeaveCluster(counter, "a"));
        assertThat(after.jobs().killed()).containsExactly("j");
        assertThat(after.allocations().byJob()).isEmpty();
    }

    @Test
    void shouldKeepAContinuePolicyTaskOnItsRemainingPeers() {
        final JobSpec cont = new JobSpec("j", List.of(task("in", 1, 1),
            grouped("count", 1, 3, FluxPolicy.CONTINUE)), TaskSchedulerKind.BALANCED, 0);
        final Replica r = apply(joined(empty(JobSchedulerKind.GREEDY), 4, "a"), new SubmitJob(cont));
        final List<String> counters = r.allocations().peersOf("j", "count");
        assertThat(counters).hasSize(3);
        final Replica after = apply(r, new LeaveCluster(counters.get(0), "a"), peer("new", "a"));
        assertThat(after.jobs().active()).containsExactly("j");
        assertThat(after.allocations().peersOf("j", "count")).containsExactlyElementsOf(counters.subList(1, 3));
    }
}
