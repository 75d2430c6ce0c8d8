package io.sardonyx.log;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What must hold of every replica, after every entry: Onyx's invariants and a few more. Tests check it after
 * every apply; peers check it after each reallocation and log a violation as an error.
 */
public final class ReplicaInvariants {
    private ReplicaInvariants() {
    }

    /**
     * @throws IllegalStateException listing every violation
     */
    public static void check(final Replica replica) {
        final List<String> violations = violations(replica);
        if (!violations.isEmpty()) {
            throw new IllegalStateException("replica at version " + replica.version() + " breaks "
                + violations.size() + " invariant(s):\n  " + String.join("\n  ", violations));
        }
    }

    /** Every violated invariant, described; empty when the replica is sound. */
    public static List<String> violations(final Replica replica) {
        final List<String> out = new ArrayList<>();
        membership(replica.membership(), out);
        ring(replica.membership(), out);
        jobs(replica.jobs(), out);
        allocations(replica, out);
        return out;
    }

    private static void membership(final Membership m, final List<String> out) {
        final Set<String> peers = new HashSet<>(m.peers());
        if (peers.size() != m.peers().size()) {
            out.add("peers: a peer is listed twice: " + m.peers());
        }
        final Set<String> indexed = new HashSet<>();
        m.peersByGroup().forEach((group, list) -> {
            if (list.isEmpty()) {
                out.add("peers-by-group: group " + group + " has an empty entry");
            }
            list.forEach(peer -> {
                final PeerInfo info = m.peerInfo().get(peer);
                if (info == null || !info.group().equals(group)) {
                    out.add("peers-by-group: peer " + peer + " is indexed under group " + group + " but its info "
                        + "says " + (info == null ? "nothing" : info.group()));
                }
                indexed.add(peer);
            });
        });
        if (!indexed.equals(m.peerInfo().keySet())) {
            out.add("peer-info: indexed peers " + indexed + " differ from known peers " + m.peerInfo().keySet());
        }
        final Set<String> orphans = new HashSet<>();
        m.orphanedPeers().forEach((group, list) -> {
            orphans.addAll(list);
            if (m.joined(group) || m.left().contains(group)) {
                out.add("orphaned-peers: group " + group + " has orphans but has " + (m.joined(group) ? "joined"
                    : "left"));
            }
        });
        final Set<String> all = new HashSet<>(peers);
        all.addAll(orphans);
        if (!all.equals(m.peerInfo().keySet()) || all.size() != peers.size() + orphans.size()) {
            out.add("peers: joined peers and orphans " + all + " are not exactly the known peers "
                + m.peerInfo().keySet());
        }
        for (final String peer : m.peers()) {
            final PeerInfo info = m.peerInfo().get(peer);
            if (info != null && !m.joined(info.group())) {
                out.add("peers: peer " + peer + " is schedulable but its group " + info.group() + " has not joined");
            }
        }
        if (new HashSet<>(m.groups()).size() != m.groups().size()) {
            out.add("groups: a group is listed twice: " + m.groups());
        }
        for (final String group : m.groups()) {
            if (m.left().contains(group)) {
                out.add("groups: group " + group + " is joined and has left");
            }
        }
    }

    private static void ring(final Membership m, final List<String> out) {
        final Ring ring = m.ring();
        final Set<String> groups = new HashSet<>(m.groups());
        if (groups.size() <= 1) {
            if (!ring.pairs().isEmpty()) {
                out.add("pairs: " + groups.size() + " group(s) but pairs " + ring.pairs());
            }
        } else {
            if (!ring.pairs().keySet().equals(groups) || !new HashSet<>(ring.pairs().values()).equals(groups)) {
                out.add("pairs: " + ring.pairs() + " do not map every joined group " + groups + " to another");
            } else {
                final String start = m.groups().get(0);
                String at = ring.pairs().get(start);
                int steps = 1;
                while (!at.equals(start) && steps <= groups.size()) {
                    at = ring.pairs().get(at);
                    steps++;
                }
                if (steps != groups.size()) {
                    out.add("pairs: " + ring.pairs() + " form more than one ring");
                }
            }
        }
        final Set<String> joining = new HashSet<>();
        for (final Map<String, String> stage : List.of(ring.prepared(), ring.accepted())) {
            stage.forEach((watcher, joiner) -> {
                if (!groups.contains(watcher)) {
                    out.add("prepared/accepted: watcher " + watcher + " of " + joiner + " has not joined");
                }
                if (groups.contains(joiner) || m.left().contains(joiner)) {
                    out.add("prepared/accepted: joiner " + joiner + " has already joined or left");
                }
                if (!joining.add(joiner)) {
                    out.add("prepared/accepted: joiner " + joiner + " is in two joins at once");
                }
            });
        }
        for (final String watcher : ring.prepared().keySet()) {
            if (ring.accepted().containsKey(watcher)) {
                out.add("prepared/accepted: watcher " + watcher + " helps two joins at once");
            }
        }
    }

    private static void jobs(final JobRegistry jobs, final List<String> out) {
        final Set<String> seen = new HashSet<>();
        for (final List<String> list : List.of(jobs.active(), jobs.killed(), jobs.completed())) {
            for (final String job : list) {
                if (!seen.add(job)) {
                    out.add("jobs: job " + job + " is in more than one of active, killed, completed");
                }
            }
        }
        final Set<String> finished = new HashSet<>(jobs.killed());
        finished.addAll(jobs.completed());
        if (!finished.equals(new HashSet<>(jobs.finished())) || jobs.finished().size() != finished.size()) {
            out.add("jobs: finished " + jobs.finished() + " is not killed and completed, each once");
        }
        for (final String job : jobs.active()) {
            if (!jobs.specs().containsKey(job)) {
                out.add("jobs: active job " + job + " has no spec");
            }
        }
    }

    private static void allocations(final Replica replica, final List<String> out) {
        final Allocations a = replica.allocations();
        final Set<String> peers = new HashSet<>(replica.membership().peers());
        final Map<String, String> allocatedTo = new HashMap<>();
        a.byJob().forEach((job, tasks) -> {
            final JobSpec spec = replica.jobs().activeSpec(job);
            if (spec == null) {
                out.add("allocations: job " + job + " has peers but is not active");
                return;
            }
            for (final TaskSpec task : spec.tasks()) {
                final List<String> taskPeers = tasks.getOrDefault(task.name(), List.of());
                if (taskPeers.size() < task.minPeers() || taskPeers.size() > task.maxPeers()) {
                    out.add("allocations: task " + job + "/" + task.name() + " has " + taskPeers.size() + " peers, "
                        + "outside its bounds [" + task.minPeers() + ", " + task.maxPeers() + "]");
                }
            }
            tasks.forEach((task, taskPeers) -> {
                final TaskSpec taskSpec = spec.task(task);
                if (taskSpec == null) {
                    out.add("allocations: job " + job + " has no task " + task);
                }
                final Map<String, Integer> slots = a.slotIds().getOrDefault(job, Map.of()).getOrDefault(task, Map.of());
                if (!slots.keySet().equals(new HashSet<>(taskPeers))
                    || new HashSet<>(slots.values()).size() != slots.size()) {
                    out.add("slot-ids: task " + job + "/" + task + " has slots " + slots + " for peers " + taskPeers);
                }
                for (final String peer : taskPeers) {
                    if (!peers.contains(peer)) {
                        out.add("allocations: peer " + peer + " runs " + job + "/" + task
                            + " but is not a joined peer");
                    }
                    final String other = allocatedTo.put(peer, job + "/" + task);
                    if (other != null) {
                        out.add("allocations: peer " + peer + " runs both " + other + " and " + job + "/" + task);
                    }
                    final PeerInfo info = replica.membership().peerInfo().get(peer);
                    if (taskSpec != null && info != null && !info.qualifiesFor(taskSpec.requiredTags())) {
                        out.add("allocations: peer " + peer + " lacks tags " + taskSpec.requiredTags() + " of " + job
                            + "/" + task);
                    }
                }
            });
            final String coordinator = a.coordinators().get(job);
            final TaskRef coordinated = coordinator == null ? null : a.taskOf(coordinator);
            if (coordinated == null || !job.equals(coordinated.job())) {
                out.add("coordinators: job " + job + " has coordinator " + coordinator
                    + ", which runs none of its tasks");
            }
            final Long version = a.versions().get(job);
            if (version == null || version > replica.version()) {
                out.add("allocation-versions: job " + job + " has version " + version + " at replica version "
                    + replica.version());
            }
        });
        if (!a.coordinators().keySet().equals(a.byJob().keySet())) {
            out.add("coordinators: jobs with coordinators " + a.coordinators().keySet() + " differ from jobs with "
                + "peers " + a.byJob().keySet());
        }
        if (!a.slotIds().keySet().equals(a.byJob().keySet())) {
            out.add("slot-ids: jobs with slots " + a.slotIds().keySet() + " differ from jobs with peers "
                + a.byJob().keySet());
        }
        for (final String job : a.versions().keySet()) {
            if (!replica.jobs().active().contains(job)) {
                out.add("allocation-versions: job " + job + " is not active");
            }
        }
    }
}
