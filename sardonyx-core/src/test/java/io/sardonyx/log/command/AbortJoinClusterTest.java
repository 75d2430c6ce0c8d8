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
import org.junit.jupiter.api.Test;

/** abort-join-cluster: the join is dropped and the joiner retries after a deterministic back-off. */
class AbortJoinClusterTest {
    @Test
    void shouldDropTheJoinAndRetryAfterABackOff() {
        final Replica prepared = apply(joined(empty(JobSchedulerKind.GREEDY), 0, "a", "b"),
            new PrepareJoinCluster("d"));
        final Transition t = step(prepared, new AbortJoinCluster("d"));
        assertThat(t.diff()).isEqualTo(Diff.of("aborted", "d"));
        assertThat(t.after().membership().ring().prepared()).isEmpty();
        assertThat(t.after().membership().ring().aborted()).containsExactly("d");
        assertThat(t.effects(Observer.group("d"))).singleElement().isInstanceOf(Effect.RejoinAfter.class);
        assertThat(t.effects(Observer.group("a"))).isEmpty();
        assertThat(AbortJoinCluster.backoffMs(7, "d")).isEqualTo(AbortJoinCluster.backoffMs(7, "d"))
            .isBetween(0L, 2 * AbortJoinCluster.JOIN_FAILURE_BACKOFF_MS - 1);
    }

    @Test
    void shouldIgnoreAnAbortForAJoinedOrDepartedGroup() {
        final Replica r = joined(empty(JobSchedulerKind.GREEDY), 0, "a", "b");
        assertThat(step(r, new AbortJoinCluster("a")).after()).isEqualTo(r.withVersion(r.version() + 1));
        final Replica gone = apply(r, new PrepareJoinCluster("d"), new GroupLeaveCluster("d"));
        final Transition late = step(gone, new AbortJoinCluster("d"));
        assertThat(late.effects(Observer.group("d"))).isEmpty();
    }
}
