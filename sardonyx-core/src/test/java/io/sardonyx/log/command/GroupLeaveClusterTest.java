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
import io.sardonyx.log.store.Transition;
import io.sardonyx.job.JobSchedulerKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** group-leave-cluster: the ring closes, collapses, aborts the joins it helped, enforces flux kill. */
class GroupLeaveClusterTest {
    @Test
    void shouldCloseTheRingOverALeavingGroup() {
        final Replica r = joined(empty(JobSchedulerKind.GREEDY), 1, "a", "b", "c");
        final Map<String, String> pairs = r.membership().ring().pairs();
        final String watcher = r.membership().ring().watcherOf("c");
        final String subject = pairs.get("c");
        final Transition t = step(r, new GroupLeaveCluster("c"));
        assertThat(t.diff()).isEqualTo(Diff.of("died", "c", "updated-watch",
            Map.of("observer", watcher, "subject", subject)));
        assertThat(t.after().membership().ring().pairs()).isEqualTo(Map.of(watcher, subject, subject, watcher));
        assertThat(t.after().membership().groups()).containsExactly("a", "b");
        assertThat(t.after().membership().peers()).containsExactly("a-p0", "b-p0");
        assertThat(t.after().membership().left()).containsExactly("c");
        assertThat(t.effects(Observer.group(watcher))).containsExactly(new Effect.UnwatchGroup("c"),
            new Effect.WatchGroup(subject));
        assertThat(t.effects(Observer.group("c"))).singleElement().isInstanceOf(Effect.RestartGroup.class);
    }

    @Test
    void shouldCollapseTheRingToOneGroup() {
        final Transition t = step(joined(empty(JobSchedulerKind.GREEDY), 0, "a", "b"), new GroupLeaveCluster("b"));
        assertThat(t.diff()).isEqualTo(Diff.of("died", "b"));
        assertThat(t.after().membership().ring().pairs()).isEmpty();
        assertThat(t.after().membership().groups()).containsExactly("a");
    }

    @Test
    void shouldAbortTheJoinALeavingWatcherWasHelping() {
        final Replica r = apply(joined(empty(JobSchedulerKind.GREEDY), 0, "a", "b"), new PrepareJoinCluster("d"));
        final String watcher = r.membership().ring().preparedWatcherOf("d");
        final Transition t = step(r, new GroupLeaveCluster(watcher));
        assertThat(t.after().membership().ring().prepared()).isEmpty();
        assertThat(t.after().membership().ring().aborted()).contains("d");
        assertThat(t.reactions(Observer.group("d"))).containsExactly(new AbortJoinCluster("d"));
    }

    @Test
    void shouldForgetAJoinerThatDiesAndIgnoreItsLatePeers() {
        final Replica r = apply(joined(empty(JobSchedulerKind.GREEDY), 0, "a", "b"), new PrepareJoinCluster("d"),
            peer("d-p0", "d"));
        assertThat(r.membership().orphanedPeers()).containsKey("d");
        final Replica gone = apply(r, new GroupLeaveCluster("d"));
        assertThat(gone.membership().ring().prepared()).isEmpty();
        assertThat(gone.membership().orphanedPeers()).isEmpty();
        assertThat(gone.membership().peerInfo()).doesNotContainKey("d-p0");
        assertThat(apply(gone, peer("d-p1", "d")).membership()).isEqualTo(gone.membership());
        assertThat(step(gone, new GroupLeaveCluster("d")).diff()).isEqualTo(Diff.NONE);
    }

    @Test
    void shouldKillKillPolicyJobsWhenTheirPeersGroupLeaves() {
        final JobSpec kill = new JobSpec("j", List.of(task("in", 1, 1), grouped("count", 1, 1, FluxPolicy.KILL)),
            TaskSchedulerKind.BALANCED, 0);
        final Replica r = apply(joined(empty(JobSchedulerKind.GREEDY), 1, "a", "b"), new SubmitJob(kill));
        final String counterGroup = r.membership().peerInfo().get(r.allocations().peersOf("j", "count").get(0))
            .group();
        assertThat(apply(r, new GroupLeaveCluster(counterGroup)).jobs().killed()).containsExactly("j");
    }
}
