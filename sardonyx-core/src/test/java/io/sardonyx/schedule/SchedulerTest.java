package io.sardonyx.schedule;

import io.sardonyx.job.JobSchedulerKind;
import static io.sardonyx.log.Replicas.apply;
import static io.sardonyx.log.Replicas.counts;
import static io.sardonyx.log.Replicas.empty;
import static io.sardonyx.log.Replicas.joined;
import static io.sardonyx.log.Replicas.linearJob;
import static io.sardonyx.log.Replicas.peer;
import static io.sardonyx.log.Replicas.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.job.TaskType;
import io.sardonyx.log.JobSpec;
import io.sardonyx.log.Replica;
import io.sardonyx.log.TaskRef;
import io.sardonyx.log.TaskSpec;
import io.sardonyx.log.command.LeaveCluster;
import io.sardonyx.log.command.SubmitJob;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    private static final long ANY = Long.MAX_VALUE;

    private static Replica cluster(final JobSchedulerKind kind, final int peers) {
        return joined(empty(kind), peers, "g");
    }

    private static JobSpec job(final String id, final TaskSchedulerKind scheduler, final long percentage,
                               final TaskSpec... tasks) {
        return new JobSpec(id, List.of(tasks), scheduler, percentage);
    }

    @Test
    void greedyGivesTheOldestJobEverythingItCanUse() {
        final Replica r = apply(cluster(JobSchedulerKind.GREEDY, 6), new SubmitJob(linearJob("j1", 1, 2, "a", "b")),
            new SubmitJob(linearJob("j2", 1, ANY, "a", "b")), new SubmitJob(linearJob("j3", 1, ANY, "a")));
        assertThat(Scheduler.peerCounts(r.allocations())).isEqualTo(Map.of("j1", 4L, "j2", 2L));
        final Replica unbounded = apply(cluster(JobSchedulerKind.GREEDY, 6),
            new SubmitJob(linearJob("j1", 1, ANY, "a", "b")), new SubmitJob(linearJob("j2", 1, ANY, "a")));
        assertThat(Scheduler.peerCounts(unbounded.allocations())).isEqualTo(Map.of("j1", 6L));
    }

    @Test
    void balancedSplitsEvenlyWithTiesToTheOldest() {
        final Replica six = apply(cluster(JobSchedulerKind.BALANCED, 6),
            new SubmitJob(linearJob("j1", 1, ANY, "a", "b")), new SubmitJob(linearJob("j2", 1, ANY, "a", "b")),
            new SubmitJob(linearJob("j3", 1, ANY, "a", "b")));
        assertThat(Scheduler.peerCounts(six.allocations())).isEqualTo(Map.of("j1", 2L, "j2", 2L, "j3", 2L));
        final Replica seven = apply(six, peer("g-extra", "g"));
        assertThat(Scheduler.peerCounts(seven.allocations())).isEqualTo(Map.of("j1", 3L, "j2", 2L, "j3", 2L));
        final Replica five = apply(six, new LeaveCluster("g-p0", "g"));
        // Three minimums of 2 no longer fit in 5 peers: the newest job waits, the others share the 5.
        assertThat(Scheduler.peerCounts(five.allocations())).containsOnlyKeys("j1", "j2");
        assertThat(Scheduler.peerCounts(five.allocations()).values()).containsExactlyInAnyOrder(2L, 3L);
    }

    @Test
    void percentageGivesEachJobItsShare() {
        final Replica r = apply(cluster(JobSchedulerKind.PERCENTAGE, 10),
            new SubmitJob(job("j1", TaskSchedulerKind.BALANCED, 30, task("a", 1, ANY))),
            new SubmitJob(job("j2", TaskSchedulerKind.BALANCED, 30, task("a", 1, ANY))),
            new SubmitJob(job("j3", TaskSchedulerKind.BALANCED, 40, task("a", 1, ANY))),
            new SubmitJob(job("j4", TaskSchedulerKind.BALANCED, 10, task("a", 1, ANY))));
        assertThat(Scheduler.peerCounts(r.allocations())).isEqualTo(Map.of("j1", 3L, "j2", 3L, "j3", 4L));
    }

    @Test
    void taskSchedulersSpreadAJobsPeers() {
        final Replica balanced = apply(cluster(JobSchedulerKind.GREEDY, 7),
            new SubmitJob(linearJob("j", 1, ANY, "in", "inc", "out")));
        assertThat(counts(balanced).get("j")).isEqualTo(Map.of("in", 3, "inc", 2, "out", 2));
        final Replica percentage = apply(cluster(JobSchedulerKind.GREEDY, 10),
            new SubmitJob(job("j", TaskSchedulerKind.PERCENTAGE, 0, pct("in", 20), pct("inc", 30), pct("out", 50))));
        assertThat(counts(percentage).get("j")).isEqualTo(Map.of("in", 2, "inc", 3, "out", 5));
        final Replica bounded = apply(cluster(JobSchedulerKind.GREEDY, 9),
            new SubmitJob(job("j", TaskSchedulerKind.BALANCED, 0, task("in", 1, 1), task("inc", 2, 3),
                task("out", 1, ANY))));
        assertThat(counts(bounded).get("j")).isEqualTo(Map.of("in", 1, "inc", 3, "out", 5));
    }

    private static TaskSpec pct(final String name, final long percentage) {
        return new TaskSpec(name, TaskType.FUNCTION, 1, ANY, null, List.of(), percentage, false, false);
    }

    @Test
    void colocatedPlacesWholeCopiesOfTheJobOnOneGroup() {
        final Replica r = apply(joined(empty(JobSchedulerKind.GREEDY), 4, "g1", "g2"),
            new SubmitJob(job("j", TaskSchedulerKind.COLOCATED, 0, task("in", 1, ANY), task("inc", 1, ANY),
                task("out", 1, ANY))));
        assertThat(counts(r).get("j")).isEqualTo(Map.of("in", 2, "inc", 2, "out", 2));
        final Map<String, Long> perGroup = new HashMap<>();
        r.allocations().byJob().get("j").values().forEach(peers -> peers.forEach(
            p -> perGroup.merge(r.membership().peerInfo().get(p).group(), 1L, Long::sum)));
        assertThat(perGroup).isEqualTo(Map.of("g1", 3L, "g2", 3L));
    }

    @Test
    void requiredTagsPlaceTasksOnQualifiedPeersOnly() {
        final TaskSpec gpu = new TaskSpec("train", TaskType.FUNCTION, 1, ANY, null, List.of("gpu"), 0, false, false);
        final JobSpec job = job("j", TaskSchedulerKind.BALANCED, 0, task("in", 1, 1), gpu);
        final Replica untagged = apply(cluster(JobSchedulerKind.GREEDY, 4), new SubmitJob(job));
        assertThat(untagged.allocations().byJob()).isEmpty();
        final Replica tagged = apply(untagged, peer("gpu-1", "g", "gpu"));
        assertThat(tagged.allocations().peersOf("j", "train")).containsExactly("gpu-1");
        assertThat(tagged.allocations().peersOf("j", "in")).doesNotContain("gpu-1");
    }

    @Test
    void nPeersFixesTheCount() {
        final Replica r = apply(cluster(JobSchedulerKind.GREEDY, 8),
            new SubmitJob(job("j", TaskSchedulerKind.BALANCED, 0, task("in", 1, ANY), task("count", 3, 3))));
        assertThat(counts(r).get("j")).isEqualTo(Map.of("in", 5, "count", 3));
    }

    @Test
    void slotIdsAreStableAndNewPeersTakeTheLowestFreeSlot() {
        final Replica r = apply(cluster(JobSchedulerKind.GREEDY, 3), new SubmitJob(linearJob("j", 1, ANY, "a")));
        final Map<String, Integer> slots = r.allocations().slotIds().get("j").get("a");
        assertThat(slots.values()).containsExactlyInAnyOrder(0, 1, 2);
        final String middle = slots.entrySet().stream().filter(e -> e.getValue() == 1).findFirst().orElseThrow()
            .getKey();
        final Replica left = apply(r, new LeaveCluster(middle, "g"));
        final Map<String, Integer> after = left.allocations().slotIds().get("j").get("a");
        slots.forEach((peer, slot) -> {
            if (!peer.equals(middle)) {
                assertThat(after).containsEntry(peer, slot);
            }
        });
        final Replica joinedAgain = apply(left, peer("new", "g"));
        assertThat(joinedAgain.allocations().slotIds().get("j").get("a")).containsEntry("new", 1);
    }

    @Test
    void coordinatorsAreStickyAndOtherwiseTheLowestPeer() {
        final Replica r = apply(joined(empty(JobSchedulerKind.GREEDY), 0, "g"), peer("p5", "g"), peer("p7", "g"),
            new SubmitJob(linearJob("j", 1, ANY, "a")));
        assertThat(r.allocations().coordinators()).containsEntry("j", "p5");
        final Replica lower = apply(r, peer("p1", "g"));
        assertThat(lower.allocations().coordinators()).containsEntry("j", "p5");
        final Replica gone = apply(lower, new LeaveCluster("p5", "g"));
        assertThat(gone.allocations().coordinators()).containsEntry("j", "p1");
    }

    @Test
    void aJoiningPeerMovesNoOtherPeerAndALeaveMovesAtMostOne() {
        Replica r = apply(cluster(JobSchedulerKind.BALANCED, 9), new SubmitJob(linearJob("j1", 1, ANY, "a", "b")),
            new SubmitJob(linearJob("j2", 1, ANY, "a", "b", "c")));
        for (int i = 0; i < 12; i++) {
            final Map<String, TaskRef> before = r.allocations().byPeer();
            r = apply(r, peer("late-" + i, "g"));
            assertThat(moved(before, r.allocations().byPeer())).as("moves after join %d", i).isZero();
        }
        for (int i = 0; i < 12; i++) {
            final Map<String, TaskRef> before = r.allocations().byPeer();
            final String leaving = r.membership().peers().get(i * 7 % r.membership().peers().size());
            r = apply(r, new LeaveCluster(leaving, "g"));
            assertThat(moved(before, r.allocations().byPeer())).as("moves after leave %d", i).isLessThanOrEqualTo(1);
        }
    }

    /** Peers present before and after whose task changed. */
    private static long moved(final Map<String, TaskRef> before, final Map<String, TaskRef> after) {
        return before.entrySet().stream().filter(e -> after.containsKey(e.getKey()))
            .filter(e -> !e.getValue().equals(after.get(e.getKey()))).count();
    }
}
