package io.sardonyx.peer;

import io.sardonyx.threads.DaemonThreads;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sardonyx.log.store.JobData;
import io.sardonyx.checkpoint.Checkpoints;
import io.sardonyx.job.Job;
import io.sardonyx.log.Effect;
import io.sardonyx.log.store.LogStore;
import io.sardonyx.log.store.LogStoreException;
import io.sardonyx.log.PeerSite;
import io.sardonyx.log.Replica;
import io.sardonyx.log.StoredJob;
import io.sardonyx.log.TaskRef;
import io.sardonyx.log.command.CompleteJob;
import io.sardonyx.log.command.KillJob;
import io.sardonyx.log.command.LeaveCluster;
import io.sardonyx.log.command.LogCommand;
import io.sardonyx.messaging.Messenger;
import io.sardonyx.plugin.PluginResources;
import io.sardonyx.task.RuntimeSettings;
import io.sardonyx.task.TaskAgent;
import io.sardonyx.task.TaskServices;
import io.sardonyx.usercode.UserCode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks a peer group's virtual peers are allocated: one {@link TaskAgent} on its own thread per running
 * peer, started and stopped by the group's log thread as the replica's allocations change. Gives the agents their
 * services and writes, on its own thread, the log entries they ask for.
 */
public final class PeerRuntime implements TaskServices, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerRuntime.class);

    private final LogStore store;
    private final Messenger messenger;
    private final UserCode code;
    private final PluginResources resources;
    private final RuntimeSettings settings;
    private final MeterRegistry meters;
    private final Checkpoints checkpoints;
    private final Map<String, VirtualPeer> peers = new ConcurrentHashMap<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
        DaemonThreads.factory("sardonyx-runtime-writer"));
    private volatile Supplier<Replica> replica = () -> null;
    private volatile boolean closed;
    private final RestartWindow restartStorms;
    private final java.util.concurrent.ScheduledExecutorService watchdog =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("sardonyx-task-watchdog"));
    private final java.util.Set<String> evicted = ConcurrentHashMap.newKeySet();
    private volatile Supplier<String> groupId = () -> "";
    private final ProgressReporter progress;
    private final java.util.concurrent.ScheduledExecutorService reporting =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("sardonyx-progress"));

    /**
     * @param store     the tenancy's log (jobs are read from it, outcomes written to it)
     * @param messenger the group's messaging; closed with the runtime
     * @param code      resolves user code under the group's package policy
     * @param resources in-process queues and the collect sink
     * @param settings  how tasks run
     * @param meters    where task meters go
     * @param checkpoints where task state goes at every barrier
     */
    public PeerRuntime(final LogStore store, final Messenger messenger, final UserCode code,
                       final PluginResources resources, final RuntimeSettings settings, final MeterRegistry meters,
                       final Checkpoints checkpoints) {
        this.store = store;
        this.messenger = messenger;
        this.code = code;
        this.resources = resources;
        this.settings = settings;
        this.meters = meters;
        this.checkpoints = checkpoints;
        FunctionCounter.builder("sardonyx.frames.rejected", messenger,
                Messenger::rejectedFrames)
            .description("frames from other groups refused: a MAC that fails, a sender at an address no group has")
            .tag("site", messenger.site().address() + ":" + messenger.site().port())
            .register(meters);
        this.restartStorms = new RestartWindow(TimeUnit.MILLISECONDS.toNanos(settings.restartWindowMs()));
        final long every = settings.liveness().heartbeatMs();
        watchdog.scheduleWithFixedDelay(this::checkLiveness, every, every, TimeUnit.MILLISECONDS);
        this.progress = new ProgressReporter(store, meters, () -> groupId.get(), this::runningPeers, this::jobActive);
        reporting.scheduleWithFixedDelay(this::reportProgress, PROGRESS_MS, PROGRESS_MS, TimeUnit.MILLISECONDS);
    }

    /** How often a group writes its progress on its jobs beside the log. */
    private static final long PROGRESS_MS = 1_000;

    private void reportProgress() {
        try {
            progress.report();
        } catch (final RuntimeException e) {
            LOG.warn("could not report progress: {}", e.toString());
        }
    }

    /** How many peers of this group run a task of the job now. */
    private long runningPeers(final String job) {
        return peers.values().stream().map(VirtualPeer::agent)
            .filter(agent -> agent != null && agent.task().job().equals(job)).count();
    }

    /**
     * Evicts the peers whose task thread has not cycled within the liveness timeout: a function stuck in user code
     * (a paused process loses its ZooKeeper session instead). The job then rolls back on other peers.
     */
    private void checkLiveness() {
        final long now = System.nanoTime();
        final long timeoutNs = TimeUnit.MILLISECONDS.toNanos(settings.liveness().timeoutMs());
        peers.forEach((id, peer) -> {
            final TaskAgent agent = peer.agent();
            if (agent != null && now - agent.lastCycleNs() > timeoutNs && evicted.add(id)) {
                evictPeer(id, groupId(), "task " + agent.task().task() + " has not cycled for "
                    + TimeUnit.NANOSECONDS.toMillis(now - agent.lastCycleNs()) + " ms (stuck in user code?)");
            }
        });
    }

    @Override
    public Checkpoints checkpoints() {
        return checkpoints;
    }

    /** Ties the runtime to its group (called once by the group). */
    void attach(final Supplier<Replica> replicaSource, final Supplier<String> groupSource) {
        this.replica = replicaSource;
        this.groupId = groupSource;
        messenger.admitFrom(this::memberSites);
    }

    private Replica sitesOf;
    private Set<PeerSite> sites = Set.of();

    /** The sites of every peer the replica lists, the same set while the replica is unchanged. */
    private synchronized Set<PeerSite> memberSites() {
        final Replica now = replica();
        if (now != null && now != sitesOf) {
            final Set<PeerSite> next = new HashSet<>();
            now.membership().peerInfo().values().forEach(info -> next.add(info.site()));
            sitesOf = now;
            sites = Set.copyOf(next);
        }
        return sites;
    }

    /** Starts a peer's task; a peer already running one stops it first. Called on the group's log thread. */
    synchronized void start(final String peer, final TaskRef task) {
        final Job job;
        try {
            job = jobs.computeIfAbsent(task.job(), this::readJob);
        } catch (final IllegalStateException | IllegalArgumentException e) {
            LOG.error("peer {} cannot start task {} of job {}: {}", peer, task.task(), task.job(), e.getMessage());
            killJob(task.job(), KillJob.ANY_VERSION, "peer " + peer + " cannot run the job: " + e.getMessage());
            return;
        }
        if (!peers.computeIfAbsent(peer, id -> new VirtualPeer(id, messenger.open(id)))
            .start(this, task, job, settings.idleMaxParkNs())) {
            abandon(peer);
            return;
        }
        progress.started(task.job(), peer);
    }

    /** Reads a job's definition, retrying through a lost connection (the log thread could not go on anyway). */
    private Job readJob(final String jobId) {
        for (int attempt = 1; ; attempt++) {
            try {
                final StoredJob stored = store.job(jobId).orElseThrow(() -> new IllegalStateException(
                    "job " + jobId + " has no stored definition"));
                return Job.fromJson(stored.definition());
            } catch (final LogStoreException e) {
                LOG.warn("cannot read job {} (attempt {}, retrying): {}", jobId, attempt, e.getMessage());
                pause(Math.min(5_000, 100L * attempt));
                if (closed) {
                    throw new IllegalStateException("the runtime closed while reading job " + jobId, e);
                }
            }
        }
    }

    private static void pause(final long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops a peer's task, if it runs one; a peer that left also closes its inbox. Called on the group's log
     * thread.
     */
    synchronized void stop(final String peer, final Effect.StopReason reason) {
        final VirtualPeer virtualPeer = reason == Effect.StopReason.PEER_LEFT ? peers.remove(peer) : peers.get(peer);
        final TaskAgent stopping = virtualPeer == null ? null : virtualPeer.agent();
        if (virtualPeer != null) {
            if (reason == Effect.StopReason.PEER_LEFT) {
                virtualPeer.close();
            } else if (!virtualPeer.stop(reason)) {
                abandon(peer);
            }
        }
        forgetFinishedJobs();
        if (stopping != null) {
            final String job = stopping.task().job();
            if (runningPeers(job) == 0) {
                // The last peer here on the job stopped: its final counts go out now, not a second later.
                if (!closed) {
                    reporting.execute(this::reportProgress);
                }
                if (reason == Effect.StopReason.JOB_COMPLETED || reason == Effect.StopReason.JOB_KILLED) {
                    logEnd(job, reason);
                }
            }
        }
    }

    /** Logs, once its last peer here stopped, that a job completed or was killed (with why, read beside the log). */
    private void logEnd(final String job, final Effect.StopReason reason) {
        if (reason == Effect.StopReason.JOB_COMPLETED) {
            LOG.info("job {} completed", job);
            return;
        }
        writer.execute(() -> {
            String why;
            try {
                why = JobData.exception(store, job).orElse("no reason recorded: a kill from a client");
            } catch (final RuntimeException e) {
                why = "the reason cannot be read: " + e.getMessage();
            }
            LOG.info("job {} was killed: {}", job, why.lines().findFirst().orElse(why));
        });
    }

    /** A peer whose task thread would not stop can run nothing more: it leaves, and the group replaces it. */
    private void abandon(final String peer) {
        // Its inbox stays open: the stuck thread may still poll it when the user code returns; the Aeron
        // subscription goes with the messenger when the group closes.
        peers.remove(peer);
        evictPeer(peer, groupId(), "its task thread did not stop");
    }

    /** Drops cached definitions of jobs no peer here runs any more. */
    private void forgetFinishedJobs() {
        final java.util.Set<String> running = new HashSet<>();
        peers.values().forEach(p -> {
            final TaskAgent agent = p.agent();
            if (agent != null) {
                running.add(agent.task().job());
            }
        });
        jobs.keySet().retainAll(running);
    }

    /** Stops every task and closes every inbox (the group is leaving or rejoining). */
    synchronized void stopAll() {
        for (final String peer : List.copyOf(peers.keySet())) {
            stop(peer, Effect.StopReason.PEER_LEFT);
        }
    }

    /** Peer → the task agent it runs now. */
    public Map<String, TaskAgent> agents() {
        final Map<String, TaskAgent> out = new java.util.TreeMap<>();
        peers.forEach((peer, p) -> {
            final TaskAgent agent = p.agent();
            if (agent != null) {
                out.put(peer, agent);
            }
        });
        return out;
    }

    @Override
    public Replica replica() {
        return replica.get();
    }

    @Override
    public String groupId() {
        return groupId.get();
    }

    @Override
    public Messenger messenger() {
        return messenger;
    }

    @Override
    public UserCode code() {
        return code;
    }

    @Override
    public PluginResources resources() {
        return resources;
    }

    @Override
    public RuntimeSettings settings() {
        return settings;
    }

    @Override
    public MeterRegistry meters() {
        return meters;
    }

    @Override
    public void completeJob(final String jobId, final long version) {
        write(new CompleteJob(jobId, version), () -> { }, () -> jobActive(jobId)
            && Long.valueOf(version).equals(replica().allocations().versions().get(jobId)));
    }

    @Override
    public void killJob(final String jobId, final long version, final String reason) {
        // A kill the job has already outrun (its version moved on) would be ignored by the log: neither it nor its
        // reason is written, so a job that goes on never carries a reason that did not kill it.
        attempt(KillJob.NAME, parent -> JobData.kill(store, jobId, version, reason, parent), () -> jobActive(jobId)
            && (version < 0 || Long.valueOf(version).equals(replica().allocations().versions().get(jobId))));
    }

    @Override
    public void restartPeer(final String peer, final String jobId, final long version, final String reason) {
        final int recent = restartStorms.record(jobId, version, System.nanoTime());
        if (recent > settings.restartLimit()) {
            LOG.error("job {}: {} restarts within {} ms; killing it", jobId, recent, settings.restartWindowMs());
            killJob(jobId, version, "restart storm: " + recent + " restarts within " + settings.restartWindowMs()
                + " ms (the limit is " + settings.restartLimit() + "); the last: " + reason);
            return;
        }
        LOG.warn("peer {} restarts: {}", peer, reason);
        write(new LeaveCluster(peer, groupId()), () -> { },
            () -> replica() != null && replica().membership().peerInfo().containsKey(peer));
    }

    @Override
    public void evictPeer(final String peer, final String group, final String reason) {
        LOG.warn("evicting peer {} of group {}: {}", peer, group, reason);
        write(new LeaveCluster(peer, group), () -> { },
            () -> replica() != null && replica().membership().peerInfo().containsKey(peer));
    }

    private boolean jobActive(final String jobId) {
        final Replica now = replica();
        return now == null || now.jobs().active().contains(jobId);
    }

    /**
     * Runs the step, then appends the command; retries both through a lost connection for as long as the entry
     * is still needed (a job that hangs because its complete-job was never written is worse than a late one).
     */
    private void write(final LogCommand command, final Runnable before, final BooleanSupplier needed) {
        attempt(command.name(), parent -> {
            before.run();
            store.append(command, parent, -1);
        }, needed);
    }

    /** Writes on the writer thread, in order, retrying through a lost connection while it is still needed. */
    private void attempt(final String what, final java.util.function.Consumer<String> write,
                         final BooleanSupplier needed) {
        final String parent = groupId();
        writer.execute(() -> {
            for (int attempt = 1; !closed && needed.getAsBoolean(); attempt++) {
                try {
                    write.accept(parent);
                    return;
                } catch (final RuntimeException e) {
                    LOG.warn("could not write {} (attempt {}, retrying): {}", what, attempt, e.getMessage());
                    pause(Math.min(5_000, 100L * attempt));
                }
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        stopAll();
        // The group's last counts (every peer stopped), unless ZooKeeper does not answer in time.
        reporting.execute(this::reportProgress);
        reporting.shutdown();
        try {
            if (!reporting.awaitTermination(2, TimeUnit.SECONDS)) {
                reporting.shutdownNow();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                writer.shutdownNow();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        messenger.close();
    }
}
