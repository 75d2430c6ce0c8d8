package io.sardonyx.peer;

import io.sardonyx.threads.DaemonThreads;
import io.sardonyx.log.Effect;
import io.sardonyx.log.store.LogCursor;
import io.sardonyx.log.store.LogEntry;
import io.sardonyx.log.LogParameters;
import io.sardonyx.log.store.LogStore;
import io.sardonyx.log.Observer;
import io.sardonyx.log.PeerSite;
import io.sardonyx.log.Replica;
import io.sardonyx.log.ReplicaInvariants;
import io.sardonyx.log.TaskRef;
import io.sardonyx.log.store.Transition;
import io.sardonyx.log.command.AddVirtualPeer;
import io.sardonyx.log.command.GroupLeaveCluster;
import io.sardonyx.log.command.LogCommand;
import io.sardonyx.log.command.RejectedEntry;
import io.sardonyx.log.command.PrepareJoinCluster;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JVM's member of the cluster: it registers its pulse, joins, announces its virtual peers, then follows the log
 * on its own thread, applying every entry, writing its reactions and performing its effects. It never decides
 * alone: everything it does follows from the log.
 *
 * <p>Thread model: one reader thread applies entries and runs effects; one timer thread writes delayed rejoins;
 * pulse callbacks run on the store's threads and only append entries. {@link #replica()} may be read from any
 * thread.
 */
public final class PeerGroup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerGroup.class);
    private static final long POLL_MS = 250;

    private final LogStore store;
    private final PeerGroupConfig config;
    private final PeerRuntime runtime;
    private final ScheduledExecutorService timers;
    private final Map<String, TaskRef> running = new ConcurrentHashMap<>();
    private final List<Consumer<Transition>> listeners = new CopyOnWriteArrayList<>();
    private final List<String> peers = new CopyOnWriteArrayList<>();
    private volatile String groupId;
    /** Where this group is in the log, and its replica; null until it starts. */
    private volatile LogCursor cursor;
    private volatile boolean stopping;
    private Thread reader;

    /**
     * @param store  the tenancy's log; the group does not close it
     * @param config how many peers, with which tags and site
     */
    public PeerGroup(final LogStore store, final PeerGroupConfig config) {
        this(store, config, null);
    }

    /**
     * @param store   the tenancy's log; the group does not close it
     * @param config  how many peers, with which tags and site
     * @param runtime runs the tasks the peers are allocated (its messenger's site replaces the config's); null to
     *                only follow the log
     */
    public PeerGroup(final LogStore store, final PeerGroupConfig config, final PeerRuntime runtime) {
        this.store = store;
        this.config = config;
        this.runtime = runtime;
        if (runtime != null) {
            runtime.attach(this::replica, () -> groupId);
        }
        this.timers = Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("sardonyx-group-timer"));
    }

    /**
     * Joins the cluster and starts following the log.
     *
     * @throws IllegalStateException when the log was created with other parameters, naming the difference
     */
    public synchronized PeerGroup start() {
        final LogParameters stored = store.parameters(config.parameters());
        final String why = config.parameters().incompatibilityWith(stored);
        if (why != null) {
            throw new IllegalStateException("cannot join this cluster: " + why);
        }
        cursor = new LogCursor(store);
        store.onNewSession(() -> {
            final String expired = groupId;
            timers.execute(() -> rejoin(expired, "its ZooKeeper session expired"));
        });
        join();
        reader = DaemonThreads.thread("sardonyx-group-log", this::follow);
        reader.start();
        return this;
    }

    /** Registers a fresh group id's pulse, prepares to join and announces the peers. */
    private void join() {
        groupId = UUID.randomUUID().toString();
        peers.clear();
        running.clear();
        store.registerPulse(groupId);
        store.append(new PrepareJoinCluster(groupId), groupId, -1);
        for (int i = 0; i < config.peers(); i++) {
            addPeer();
        }
        LOG.info("peer group {} is joining with {} peer(s)", groupId, config.peers());
    }

    private void addPeer() {
        String peer = UUID.randomUUID().toString();
        while (streamTaken(peer)) {
            // Each peer of a group receives on its own stream, derived from its id: ids must not share one.
            peer = UUID.randomUUID().toString();
        }
        peers.add(peer);
        final PeerSite site = runtime != null ? runtime.messenger().site() : config.site();
        store.append(new AddVirtualPeer(peer, groupId, site, config.tags()), groupId, -1);
    }

    private boolean streamTaken(final String candidate) {
        final int stream = io.sardonyx.messaging.Messenger.streamOf(candidate);
        for (final String peer : peers) {
            if (io.sardonyx.messaging.Messenger.streamOf(peer) == stream) {
                return true;
            }
        }
        return false;
    }

    /** Abandons the given id (if it is still this group's) and joins under a new one. */
    private synchronized void rejoin(final String abandoned, final String reason) {
        if (stopping || !abandoned.equals(groupId)) {
            return;
        }
        LOG.warn("peer group {} rejoins under a new id: {}", abandoned, reason);
        if (runtime != null) {
            runtime.stopAll();
        }
        try {
            // Watchers of the old id must see it go, or a join it was part of would block the ring for good.
            store.removePulse(abandoned);
        } catch (final RuntimeException e) {
            LOG.warn("peer group {} could not remove its old pulse: {}", abandoned, e.getMessage());
        }
        join();
    }

    private void follow() {
        while (!stopping) {
            try {
                final LogCursor.Step step = cursor.await(POLL_MS);
                if (step instanceof LogCursor.Applied applied) {
                    act(applied.transition());
                } else if (step instanceof LogCursor.Reset reset) {
                    LOG.info("peer group {} skips to the origin at entry {}: {}", groupId, reset.origin().messageId(),
                        reset.why());
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (final RuntimeException e) {
                if (stopping) {
                    return;
                }
                LOG.error("peer group {} failed to follow the log at entry {}; retrying", groupId, cursor.next(), e);
                waitBeforeRetry();
            }
        }
    }

    private void waitBeforeRetry() {
        try {
            TimeUnit.MILLISECONDS.sleep(POLL_MS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes this group's reactions to an applied entry and performs its effects. */
    private void act(final Transition t) {
        final LogEntry entry = t.entry();
        if (entry.command() instanceof RejectedEntry rejected) {
            // Every replica skips it alike; each group says so once and counts it.
            LOG.warn("peer group {} skipped log entry {}, which no replica can apply: {}", groupId, entry.messageId(),
                rejected.why());
            if (runtime != null) {
                runtime.meters().counter("sardonyx.log.rejected.entries").increment();
            }
            listeners.forEach(listener -> listener.accept(t));
            return;
        }
        final List<String> violations = ReplicaInvariants.violations(t.after());
        if (!violations.isEmpty()) {
            LOG.error("replica invariants broken after entry {}: {}", entry.messageId(), violations);
        }
        final String me = groupId;
        final Observer group = Observer.group(me);
        for (final LogCommand reaction : t.reactions(group)) {
            appendUntilWritten(reaction, me, entry.messageId());
        }
        t.effects(group).forEach(effect -> performLogged(effect, me, entry));
        for (final String peer : List.copyOf(peers)) {
            t.effects(Observer.peer(peer, me)).forEach(effect -> performLogged(effect, me, entry));
        }
        listeners.forEach(listener -> listener.accept(t));
    }

    /** A reaction must reach the log (a lost accept would stall a join): retry through a lost connection. */
    private void appendUntilWritten(final LogCommand command, final String parent, final long cause) {
        while (!stopping) {
            try {
                store.append(command, parent, cause);
                return;
            } catch (final RuntimeException e) {
                LOG.warn("peer group {} could not write {} (retrying): {}", parent, command.name(), e.getMessage());
                waitBeforeRetry();
            }
        }
    }

    private void performLogged(final Effect effect, final String me, final LogEntry cause) {
        try {
            perform(effect, me, cause);
        } catch (final RuntimeException e) {
            LOG.error("peer group {} failed to perform {} for entry {}", groupId, effect, cause.messageId(), e);
        }
    }

    /**
     * @param me the group id the effect was computed for; a restart for an id this group already abandoned is
     *           stale and ignored
     */
    private void perform(final Effect effect, final String me, final LogEntry cause) {
        if (stopping) {
            // A group that is leaving (its own leave restarts nobody) performs nothing more.
            return;
        }
        effect.performOn(new Performer(me, cause));
    }

    /** This group's effect executor for one entry. */
    private final class Performer implements Effect.Handler {
        private final String me;
        private final LogEntry cause;

        Performer(final String me, final LogEntry cause) {
            this.me = me;
            this.cause = cause;
        }

        @Override
        public void watchGroup(final Effect.WatchGroup w) {
            store.watchPulse(w.group(), gone -> leave(gone, cause));
        }

        @Override
        public void unwatchGroup(final Effect.UnwatchGroup u) {
            store.unwatchPulse(u.group());
        }

        @Override
        public void evictIfDead(final Effect.EvictIfDead e) {
            if (!store.pulseExists(e.group())) {
                leave(e.group(), cause);
            }
        }

        @Override
        public void rejoinAfter(final Effect.RejoinAfter r) {
            final String joiner = groupId;
            timers.schedule(() -> {
                if (!stopping && joiner.equals(groupId)) {
                    store.append(new PrepareJoinCluster(joiner), joiner, cause.messageId());
                }
            }, r.delayMs(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void restartGroup(final Effect.RestartGroup r) {
            timers.execute(() -> rejoin(me, r.reason()));
        }

        @Override
        public void restartPeer(final Effect.RestartPeer r) {
            if (peers.remove(r.peer())) {
                running.remove(r.peer());
                if (runtime != null) {
                    runtime.stop(r.peer(), Effect.StopReason.PEER_LEFT);
                }
                addPeer();
            }
        }

        @Override
        public void startTask(final Effect.StartTask s) {
            if (!peers.contains(s.peer())) {
                // The group rejoined under a new id meanwhile: this peer is gone with the old one.
                return;
            }
            running.put(s.peer(), s.task());
            if (runtime != null) {
                runtime.start(s.peer(), s.task());
            }
        }

        @Override
        public void stopTask(final Effect.StopTask s) {
            running.remove(s.peer(), s.task());
            if (runtime != null) {
                runtime.stop(s.peer(), s.reason());
            }
        }

        @Override
        public void updateOrigin(final Effect.UpdateOrigin u) {
            // Asked of the client that wrote the gc entry only (it moves the origin); a group just follows.
        }
    }

    private void leave(final String gone, final LogEntry cause) {
        if (!stopping) {
            LOG.info("peer group {} saw the pulse of group {} vanish", groupId, gone);
            store.append(new GroupLeaveCluster(gone), groupId, cause.messageId());
        }
    }

    /** This group's current id (it changes when the group rejoins). */
    public String id() {
        return groupId;
    }

    /** This group's current peer ids. */
    public List<String> peers() {
        return List.copyOf(peers);
    }

    /** The replica after the last entry applied. */
    public Replica replica() {
        final LogCursor at = cursor;
        return at == null ? null : at.replica();
    }

    /** Peer → the task it was told to run (the runtime starts it). */
    public Map<String, TaskRef> running() {
        return Map.copyOf(running);
    }

    /** Calls the listener on the reader thread after each entry is applied. */
    public void onTransition(final Consumer<Transition> listener) {
        listeners.add(listener);
    }

    /** Leaves the cluster cleanly (writes its own group-leave-cluster) and stops following the log. */
    @Override
    public void close() {
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        if (runtime != null) {
            runtime.stopAll();
        }
        try {
            store.append(new GroupLeaveCluster(groupId, true), groupId, -1);
        } catch (final RuntimeException e) {
            LOG.warn("peer group {} could not write its leave; its pulse will vanish with its session", groupId, e);
        }
        stopThreads();
    }

    /** Stops at once without a word to the cluster, as a crashed process would; tests use it. */
    void halt() {
        synchronized (this) {
            stopping = true;
        }
        stopThreads();
    }

    private void stopThreads() {
        timers.shutdownNow();
        if (runtime != null) {
            runtime.stopAll();
        }
        if (reader != null) {
            reader.interrupt();
            try {
                reader.join(TimeUnit.SECONDS.toMillis(5));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
