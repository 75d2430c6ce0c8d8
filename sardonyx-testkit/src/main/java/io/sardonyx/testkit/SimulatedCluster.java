package io.sardonyx.testkit;

import io.sardonyx.log.Effect;
import io.sardonyx.log.JobSpec;
import io.sardonyx.log.store.LogEntry;
import io.sardonyx.log.LogParameters;
import io.sardonyx.log.Observer;
import io.sardonyx.log.PeerSite;
import io.sardonyx.log.Replica;
import io.sardonyx.log.ReplicaInvariants;
import io.sardonyx.log.TaskRef;
import io.sardonyx.log.store.Transition;
import io.sardonyx.log.command.AddVirtualPeer;
import io.sardonyx.log.command.Gc;
import io.sardonyx.log.command.GroupLeaveCluster;
import io.sardonyx.log.command.KillJob;
import io.sardonyx.log.command.LeaveCluster;
import io.sardonyx.log.command.PrepareJoinCluster;
import io.sardonyx.log.command.SubmitJob;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A whole cluster on one thread: peer groups with outboxes, pulses and watches, a client, one totally ordered log
 * and a simulated clock. Each {@link #step()} lets one actor, chosen by the seeded random source among those with
 * a write due, append its next entry; every live group and peer then takes its reactions (queued in its outbox)
 * and effects (watches, evictions, back-offs, task starts and stops) from the real pure log code, and the replica
 * invariants are checked. The same seed gives the same log.
 */
public final class SimulatedCluster {
    /** Writes beyond this without reaching quiescence mean a livelock. */
    public static final int MAX_ENTRIES = 100_000;
    private static final String CLIENT = "client";

    private final long seed;
    private final SplittableRandom random;
    private final Map<String, SimGroup> groups = new LinkedHashMap<>();
    private final Deque<Pending> clientOutbox = new ArrayDeque<>();
    private final List<LogEntry> log = new ArrayList<>();
    private Replica replica;
    private Replica origin;
    private long nowMs;
    private long nextMessageId;
    private long written;
    private int nextId;

    /**
     * @param seed       drives every choice; print it with any failure
     * @param parameters the tenancy's log parameters
     */
    public SimulatedCluster(final long seed, final LogParameters parameters) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.replica = Replica.empty(parameters);
        this.origin = replica;
    }

    /** Starts a group with the given number of peers: it registers its pulse, prepares to join, adds its peers. */
    public String startGroup(final int peers, final List<String> tags) {
        final SimGroup group = new SimGroup("g" + nextId++, tags);
        groups.put(group.id, group);
        group.outbox.add(new Pending(new PrepareJoinCluster(group.id), -1, nowMs));
        for (int i = 0; i < peers; i++) {
            addPeer(group);
        }
        return group.id;
    }

    private void addPeer(final SimGroup group) {
        final String peer = group.id + "-p" + nextId++;
        group.peers.add(peer);
        group.outbox.add(new Pending(new AddVirtualPeer(peer, group.id, new PeerSite("10.0.0.1", 40200), group.tags),
            -1, nowMs));
    }

    /** Kills a group's process: its pulse vanishes, its pending writes are lost, its watchers notice. */
    public void crashGroup(final String id) {
        final SimGroup group = groups.get(id);
        if (group == null || !group.alive) {
            return;
        }
        group.alive = false;
        group.outbox.clear();
        group.running.clear();
        for (final SimGroup other : groups.values()) {
            if (other.alive && other.watches.remove(id)) {
                other.outbox.add(new Pending(new GroupLeaveCluster(id), -1, nowMs));
            }
        }
    }

    /** Stops one peer cleanly: it writes its own leave-cluster. */
    public void stopPeer(final String groupId, final String peer) {
        final SimGroup group = groups.get(groupId);
        if (group != null && group.alive && group.peers.remove(peer)) {
            // A stopping peer stops its task itself; it no longer follows the log.
            group.running.remove(peer);
            group.outbox.add(new Pending(new LeaveCluster(peer, groupId), -1, nowMs));
        }
    }

    public void submit(final JobSpec spec) {
        clientOutbox.add(new Pending(new SubmitJob(spec), -1, nowMs));
    }

    public void kill(final String job) {
        clientOutbox.add(new Pending(new KillJob(job), -1, nowMs));
    }

    /** Appends any command, as a client (or a peer's runtime) would: complete-job, kill-job, leave-cluster. */
    public void write(final io.sardonyx.log.command.LogCommand command) {
        clientOutbox.add(new Pending(command, -1, nowMs));
    }

    /** Whether a group's process is alive. */
    public boolean alive(final String group) {
        return isAlive(group);
    }

    /** The peers a live group has added. */
    public List<String> peersOf(final String group) {
        final SimGroup g = groups.get(group);
        return g == null || !g.alive ? List.of() : List.copyOf(g.peers);
    }

    public void gc() {
        clientOutbox.add(new Pending(new Gc(CLIENT), -1, nowMs));
    }

    /**
     * Lets one actor with a write due append it; advances the clock to the next due write when none is due.
     *
     * @return false when no write is pending anywhere (quiescence)
     */
    public boolean step() {
        final List<Deque<Pending>> due = new ArrayList<>();
        long nextDue = Long.MAX_VALUE;
        for (final Deque<Pending> outbox : outboxes()) {
            if (!outbox.isEmpty()) {
                final long at = outbox.peek().notBeforeMs();
                if (at <= nowMs) {
                    due.add(outbox);
                }
                nextDue = Math.min(nextDue, at);
            }
        }
        if (nextDue == Long.MAX_VALUE) {
            return false;
        }
        if (due.isEmpty()) {
            nowMs = nextDue;
            return true;
        }
        final Deque<Pending> chosen = due.get(random.nextInt(due.size()));
        append(chosen.poll());
        nowMs += random.nextInt(3);
        return true;
    }

    private List<Deque<Pending>> outboxes() {
        final List<Deque<Pending>> out = new ArrayList<>();
        out.add(clientOutbox);
        groups.values().stream().filter(g -> g.alive).forEach(g -> out.add(g.outbox));
        return out;
    }

    /** Steps until no write is pending. */
    public void runToQuiescence() {
        while (step()) {
            if (written > MAX_ENTRIES) {
                throw new IllegalStateException("seed " + seed + ": no quiescence after " + MAX_ENTRIES
                    + " entries (livelock?); last entries: " + log.subList(Math.max(0, log.size() - 20), log.size()));
            }
        }
    }

    private void append(final Pending pending) {
        final LogEntry entry = new LogEntry(nextMessageId++, nowMs, pending.command(), null, pending.entryParent());
        written++;
        log.add(entry);
        final Transition t = Transition.apply(replica, entry);
        replica = t.after();
        final List<String> violations = ReplicaInvariants.violations(replica);
        if (!violations.isEmpty()) {
            throw new IllegalStateException("seed " + seed + ": after entry " + entry + " the replica breaks "
                + violations + "\nreplica: " + replica);
        }
        for (final SimGroup group : List.copyOf(groups.values())) {
            if (!group.alive) {
                continue;
            }
            final Observer observer = Observer.group(group.id);
            t.reactions(observer).forEach(c -> group.outbox.add(new Pending(c, entry.messageId(), nowMs)));
            t.effects(observer).forEach(e -> perform(group, e, entry.messageId()));
            for (final String peer : List.copyOf(group.peers)) {
                t.effects(Observer.peer(peer, group.id)).forEach(e -> perform(group, e, entry.messageId()));
            }
        }
        t.effects(Observer.client(CLIENT)).forEach(e -> perform(null, e, entry.messageId()));
    }

    private void perform(final SimGroup group, final Effect effect, final long cause) {
        if (group != null && !group.alive) {
            return;
        }
        effect.performOn(new Effect.Handler() {
            @Override
            public void watchGroup(final Effect.WatchGroup w) {
                if (isAlive(w.group())) {
                    group.watches.add(w.group());
                } else {
                    group.outbox.add(new Pending(new GroupLeaveCluster(w.group()), cause, nowMs));
                }
            }

            @Override
            public void unwatchGroup(final Effect.UnwatchGroup u) {
                group.watches.remove(u.group());
            }

            @Override
            public void evictIfDead(final Effect.EvictIfDead e) {
                if (!isAlive(e.group())) {
                    group.outbox.add(new Pending(new GroupLeaveCluster(e.group()), cause, nowMs));
                }
            }

            @Override
            public void rejoinAfter(final Effect.RejoinAfter r) {
                group.outbox.add(new Pending(new PrepareJoinCluster(group.id), cause, nowMs + r.delayMs()));
            }

            @Override
            public void restartGroup(final Effect.RestartGroup r) {
                final int peers = group.peers.size();
                crashGroup(group.id);
                startGroup(peers, group.tags);
            }

            @Override
            public void restartPeer(final Effect.RestartPeer r) {
                if (group.peers.remove(r.peer())) {
                    group.running.remove(r.peer());
                    addPeer(group);
                }
            }

            @Override
            public void startTask(final Effect.StartTask s) {
                final TaskRef previous = group.running.put(s.peer(), s.task());
                if (previous != null) {
                    throw new IllegalStateException("seed " + seed + ": peer " + s.peer() + " started " + s.task()
                        + " while running " + previous);
                }
            }

            @Override
            public void stopTask(final Effect.StopTask s) {
                final TaskRef previous = group.running.remove(s.peer());
                if (!s.task().equals(previous)) {
                    throw new IllegalStateException("seed " + seed + ": peer " + s.peer() + " stopped " + s.task()
                        + " but ran " + previous);
                }
            }

            @Override
            public void updateOrigin(final Effect.UpdateOrigin u) {
                origin = replica;
                log.removeIf(e -> e.messageId() < u.messageId());
            }
        });
    }

    private boolean isAlive(final String id) {
        final SimGroup group = groups.get(id);
        return group != null && group.alive;
    }

    public long seed() {
        return seed;
    }

    /** Entries written in all, including those a gc has since deleted. */
    public long written() {
        return written;
    }

    public Replica replica() {
        return replica;
    }

    /** The entries kept (those from the origin on). */
    public List<LogEntry> log() {
        return List.copyOf(log);
    }

    /** The replica the log starts from (the empty replica until a gc moves it). */
    public Replica origin() {
        return origin;
    }

    /** Ids of live groups, in start order. */
    public List<String> liveGroups() {
        return groups.values().stream().filter(g -> g.alive).map(g -> g.id).toList();
    }

    /** Ids of live groups' current peers. */
    public List<String> livePeers() {
        final List<String> peers = new ArrayList<>();
        groups.values().stream().filter(g -> g.alive).forEach(g -> peers.addAll(g.peers));
        return peers;
    }

    /** Peer → task, as the peers themselves believe from the effects they performed. */
    public Map<String, TaskRef> running() {
        final Map<String, TaskRef> running = new LinkedHashMap<>();
        groups.values().stream().filter(g -> g.alive).forEach(g -> running.putAll(g.running));
        return running;
    }

    /** Ids of dead groups. */
    public List<String> deadGroups() {
        return groups.values().stream().filter(g -> !g.alive).map(g -> g.id).toList();
    }

    /** A random int in [0, bound), from the cluster's seeded source, for scenario choices. */
    public int choose(final int bound) {
        return random.nextInt(bound);
    }
}
