package io.sardonyx.log.command;

import static io.sardonyx.log.Replicas.apply;
import static io.sardonyx.log.Replicas.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.log.Diff;
import io.sardonyx.log.Effect;
import io.sardonyx.log.Observer;
import io.sardonyx.log.Replica;
import io.sardonyx.log.Replicas;
import io.sardonyx.log.store.Transition;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** notify- and accept-join-cluster: the worked example d joining a-b-c, and stale joins. */
class AcceptJoinClusterTest {
    private static final Observer A = Observer.group("a");
    private static final Observer D = Observer.group("d");

    @Test
    void shouldInsertAJoinerBetweenItsWatcherAndTheWatchersSubject() {
        final Replica ring = Replicas.threeGroups();
        final Map<String, String> pairs = ring.membership().ring().pairs();
        // Message id chosen so that the watcher is sorted(candidates)[0] = "a".
        final Transition prepare = step(Replicas.atWatcherIndex(ring, 0, 3), new PrepareJoinCluster("d"));
        assertThat(prepare.after().membership().ring().prepared()).isEqualTo(Map.of("a", "d"));
        assertThat(prepare.diff()).isEqualTo(Diff.of("observer", "a", "subject", "d"));
        assertThat(prepare.reactions(A)).containsExactly(new NotifyJoinCluster("d"));
        assertThat(prepare.reactions(D)).isEmpty();
        assertThat(prepare.reactions(Observer.group("b"))).isEmpty();
        assertThat(prepare.effects(A)).containsExactly(new Effect.WatchGroup("d"));
        assertThat(prepare.effects(D)).containsExactly(new Effect.WatchGroup("a"));

        final String subject = pairs.get("a");
        final Transition notify = step(prepare.after(), new NotifyJoinCluster("d"));
        assertThat(notify.after().membership().ring().prepared()).isEmpty();
        assertThat(notify.after().membership().ring().accepted()).isEqualTo(Map.of("a", "d"));
        assertThat(notify.diff()).isEqualTo(Diff.of("observer", "d", "subject", subject, "accepted-observer", "a",
            "accepted-joiner", "d"));
        final AcceptJoinCluster accept = new AcceptJoinCluster("d", subject, "a", "d");
        assertThat(notify.reactions(D)).containsExactly(accept);
        assertThat(notify.reactions(A)).isEmpty();
        assertThat(notify.effects(D)).containsExactly(new Effect.UnwatchGroup("a"), new Effect.WatchGroup(subject));

        final Transition accepted = step(notify.after(), accept);
        assertThat(accepted.diff()).isEqualTo(Diff.of("observer", "a", "subject", "d"));
        assertThat(accepted.after().membership().groups()).containsExactly("a", "b", "c", "d");
        assertThat(accepted.after().membership().ring().accepted()).isEmpty();
        assertThat(accepted.after().membership().ring().pairs()).containsEntry("a", "d").containsEntry("d", subject);
        assertThat(accepted.effects(A)).containsExactly(new Effect.UnwatchGroup(subject));
        assertThat(accepted.reactions(D)).isEmpty();
    }

    @Test
    void shouldAbortAJoinWhoseSubjectLeftBeforeTheAccept() {
        final Replica ring = Replicas.threeGroups();
        final Replica notified = apply(Replicas.atWatcherIndex(ring, 0, 3), new PrepareJoinCluster("d"),
            new NotifyJoinCluster("d"));
        final String subject = ring.membership().ring().pairs().get("a");
        final Replica subjectGone = apply(notified, new GroupLeaveCluster(subject));
        final Transition accept = step(subjectGone, new AcceptJoinCluster("d", subject, "a", "d"));
        assertThat(accept.after().membership().groups()).doesNotContain("d");
        assertThat(accept.reactions(D)).containsExactly(new AbortJoinCluster("d"));
    }
}
