package io.sardonyx.log.command;

import static io.sardonyx.log.Replicas.apply;
import static io.sardonyx.log.Replicas.empty;
import static io.sardonyx.log.Replicas.joined;
import static io.sardonyx.log.Replicas.peer;
import static io.sardonyx.log.Replicas.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.log.Diff;
import io.sardonyx.log.Replica;
import io.sardonyx.job.JobSchedulerKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** add-virtual-peer: schedulable in a joined group, an orphan before, ignored after its group left. */
class AddVirtualPeerTest {
    @Test
    void shouldAddAPeerOfAJoinedGroupToTheSchedulablePeers() {
        final Replica r = joined(empty(JobSchedulerKind.GREEDY), 0, "a");
        final var t = step(r, peer("a-p0", "a", "gpu"));
        assertThat(t.diff()).isEqualTo(Diff.of("virtual-peer-id", "a-p0"));
        assertThat(t.after().membership().peers()).containsExactly("a-p0");
        assertThat(t.after().membership().peerInfo().get("a-p0").tags()).containsExactly("gpu");
        assertThat(step(t.after(), peer("a-p0", "a")).diff()).isEqualTo(Diff.NONE);
    }

    @Test
    void shouldKeepAPeerAsAnOrphanUntilItsGroupJoins() {
        final Replica r = apply(joined(empty(JobSchedulerKind.GREEDY), 0, "a", "b"), new PrepareJoinCluster("d"),
            peer("d-p0", "d"));
        assertThat(r.membership().orphanedPeers()).containsEntry("d", List.of("d-p0"));
        assertThat(r.membership().peers()).doesNotContain("d-p0");
        final String watcher = r.membership().ring().preparedWatcherOf("d");
        final String subject = r.membership().ring().pairs().get(watcher);
        final Replica joinedD = apply(r, new NotifyJoinCluster("d"), new AcceptJoinCluster("d", subject, watcher,
            "d"));
        assertThat(joinedD.membership().peers()).containsExactly("d-p0");
        assertThat(joinedD.membership().orphanedPeers()).isEmpty();
    }

    @Test
    void shouldIgnoreAPeerOfAGroupThatLeft() {
        final Replica r = apply(joined(empty(JobSchedulerKind.GREEDY), 0, "a", "b"), new GroupLeaveCluster("b"));
        assertThat(step(r, peer("b-p9", "b")).diff()).isEqualTo(Diff.NONE);
    }
}
