package io.sardonyx.log.command;

import static io.sardonyx.log.Replicas.apply;
import static io.sardonyx.log.Replicas.empty;
import static io.sardonyx.log.Replicas.joined;
import static io.sardonyx.log.Replicas.peer;
import static io.sardonyx.log.Replicas.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.log.Diff;
import io.sardonyx.log.Effect;
import io.sardonyx.log.Observer;
import io.sardonyx.log.Replica;
import io.sardonyx.log.Replicas;
import io.sardonyx.log.store.Transition;
import io.sardonyx.job.JobSchedulerKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** prepare-join-cluster: instant join, the watcher chosen by message id, aborts. */
class PrepareJoinClusterTest {
    private static final Observer A = Observer.group("a");
    private static final Observer D = Observer.group("d");

    @Test
    void shouldJoinTheFirstGroupAtOnceAndPromoteItsOrphans() {
        final Replica withOrphan = apply(empty(JobSchedulerKind.GREEDY), peer("a-p0", "a"));
        assertThat(withOrphan.membership().orphanedPeers()).containsEntry("a", List.of("a-p0"));
        final Transition t = step(withOrphan, new PrepareJoinCluster("a"));
        assertThat(t.diff()).isEqualTo(Diff.of("instant-join", "a"));
        assertThat(t.after().membership().groups()).containsExactly("a");
        assertThat(t.after().membership().peers()).containsExactly("a-p0");
        assertThat(t.after().membership().orphanedPeers()).isEmpty();
        assertThat(t.reactions(A)).isEmpty();
        assertThat(t.effects(A)).isEmpty();
    }

    @Test
    void shouldPairTwoGroupsBothWays() {
        final Replica r = joined(empty(JobSchedulerKind.GREEDY), 0, "a", "b");
        assertThat(r.membership().ring().pairs()).isEqualTo(Map.of("a", "b", "b", "a"));
        assertThat(r.membership().ring().prepared()).isEmpty();
        assertThat(r.membership().ring().accepted()).isEmpty();
    }

    @Test
    void shouldAbortWhenEveryGroupIsBusyAndEvictADeadBlocker() {
        final Replica busy = step(Replicas.atWatcherIndex(joined(empty(JobSchedulerKind.GREEDY), 0, "a", "b"), 0, 2),
            new PrepareJoinCluster("x")).after();
        assertThat(busy.membership().ring().prepared()).isEqualTo(Map.of("a", "x"));
        final Transition t = step(busy, new PrepareJoinCluster("d"));
        assertThat(t.diff()).isEqualTo(Diff.NONE);
        assertThat(t.after().membership().ring().aborted()).containsExactly("d");
        assertThat(t.reactions(D)).containsExactly(new AbortJoinCluster("d"));
        assertThat(t.effects(D)).singleElement().isInstanceOf(Effect.EvictIfDead.class);

        final Transition abort = step(t.after(), new AbortJoinCluster("d"));
        assertThat(abort.effects(D)).singleElement().satisfies(e -> assertThat(((Effect.RejoinAfter) e).delayMs())
            .isBetween(0L, 2 * AbortJoinCluster.JOIN_FAILURE_BACKOFF_MS - 1));
        assertThat(abort.effects(A)).isEmpty();
    }

    @Test
    void shouldIgnoreDuplicateAndStaleJoinEntries() {
        final Replica ring = Replicas.threeGroups();
        final Replica prepared = step(ring, new PrepareJoinCluster("d")).after();
        final Transition again = step(prepared, new PrepareJoinCluster("d"));
        assertThat(again.after().membership()).isEqualTo(prepared.membership());
        assertThat(again.reactions(D)).isEmpty();
        assertThat(step(ring, new PrepareJoinCluster("a")).after().membership()).isEqualTo(ring.membership());

        final Transition staleNotify = step(ring, new NotifyJoinCluster("d"));
        assertThat(staleNotify.diff()).isEqualTo(Diff.NONE);
        assertThat(staleNotify.reactions(D)).containsExactly(new AbortJoinCluster("d"));

        final Transition staleAccept = step(ring, new AcceptJoinCluster("d", "b", "a", "d"));
        assertThat(staleAccept.after().membership()).isEqualTo(ring.membership());
        assertThat(staleAccept.reactions(D)).containsExactly(new AbortJoinCluster("d"));

        final Transition lateAbort = step(ring, new AbortJoinCluster("a"));
        assertThat(lateAbort.after().membership()).isEqualTo(ring.membership());
        assertThat(lateAbort.effects(A)).isEmpty();
    }
}
