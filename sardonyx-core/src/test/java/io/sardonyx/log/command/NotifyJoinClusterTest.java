package io.sardonyx.log.command;

import static io.sardonyx.log.Replicas.apply;
import static io.sardonyx.log.Replicas.empty;
import static io.sardonyx.log.Replicas.joined;
import static io.sardonyx.log.Replicas.step;
import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.log.Diff;
import io.sardonyx.log.Effect;
import io.sardonyx.log.Observer;
import io.sardonyx.log.Replica;
import io.sardonyx.log.store.Transition;
import io.sardonyx.job.JobSchedulerKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** notify-join-cluster: the prepared join becomes accepted and the joiner learns its subject. */
class NotifyJoinClusterTest {
    @Test
    void shouldAcceptAPreparedJoinAndTellTheJoinerWhomToWatch() {
        final Replica two = joined(empty(JobSchedulerKind.GREEDY), 0, "a", "b");
        final Replica prepared = apply(two, new PrepareJoinCluster("d"));
        final String watcher = prepared.membership().ring().preparedWatcherOf("d");
        final String subject = two.membership().ring().pairs().get(watcher);
        final Transition t = step(prepared, new NotifyJoinCluster("d"));
        assertThat(t.after().membership().ring().accepted()).isEqualTo(Map.of(watcher, "d"));
        assertThat(t.diff()).isEqualTo(Diff.of("observer", "d", "subject", subject, "accepted-observer", watcher,
            "accepted-joiner", "d"));
        assertThat(t.reactions(Observer.group("d")))
            .containsExactly(new AcceptJoinCluster("d", subject, watcher, "d"));
        assertThat(t.effects(Observer.group("d")))
            .containsExactly(new Effect.UnwatchGroup(watcher), new Effect.WatchGroup(subject));
    }

    @Test
    void shouldWatchTheOnlyGroupWhenItIsItsOwnSubject() {
        final Replica prepared = apply(joined(empty(JobSchedulerKind.GREEDY), 0, "a"), new PrepareJoinCluster("d"));
        final Transition t = step(prepared, new NotifyJoinCluster("d"));
        assertThat(t.diff().string("subject")).isEqualTo("a");
        assertThat(t.effects(Observer.group("d"))).containsExactly(new Effect.WatchGroup("a"));
    }

    @Test
    void shouldMakeTheJoinerAbortAStaleNotify() {
        final Transition t = step(joined(empty(JobSchedulerKind.GREEDY), 0, "a", "b"), new NotifyJoinCluster("d"));
        assertThat(t.diff()).isEqualTo(Diff.NONE);
        assertThat(t.reactions(Observer.group("d"))).containsExactly(new AbortJoinCluster("d"));
    }
}
