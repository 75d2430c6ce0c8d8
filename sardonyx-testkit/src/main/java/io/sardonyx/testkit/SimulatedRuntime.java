package io.sardonyx.testkit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sardonyx.log.store.JobData;
import io.sardonyx.checkpoint.InMemoryCheckpointStorage;
import io.sardonyx.checkpoint.Checkpoints;
import io.sardonyx.job.Job;
import io.sardonyx.job.PackagePolicy;
import io.sardonyx.log.store.InMemoryLog;
import io.sardonyx.log.JobSpec;
import io.sardonyx.log.LogParameters;
import io.sardonyx.log.PeerSite;
import io.sardonyx.log.Replica;
import io.sardonyx.log.TaskRef;
import io.sardonyx.log.command.CompleteJob;
import io.sardonyx.log.command.KillJob;
import io.sardonyx.log.command.LeaveCluster;
import io.sardonyx.messaging.Inbox;
import io.sardonyx.messaging.LocalExchange;
import io.sardonyx.messaging.Messenger;
import io.sardonyx.peer.LocalResources;
import io.sardonyx.plugin.PluginResources;
import io.sardonyx.task.RuntimeSettings;
import io.sardonyx.task.TaskAgent;
import io.sardonyx.task.TaskServices;
import io.sardonyx.usercode.UserCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;

/**
 * The peer runtime on one thread, deterministically: a {@link SimulatedCluster} orders the log, and the real
 * {@link TaskAgent}s of every live peer run in a seeded random interleaving over an in-process exchange, with a
 * simulated clock and checkpoint storage in memory. Groups crash at random (their agents vanish mid-whatever:
 * aligning a barrier, holding frames, between a snapshot and its status) and, when asked, exactly at a checkpoint
 * write or read (the write never happens). The same seed gives the same run.
 */
public final class SimulatedRuntime implements AutoCloseable {
    private final SimulatedCluster cluster;
    private final SplittableRandom random;
    private final LocalExchange exchange = new LocalExchange(64);
    private final InMemoryLog store = new InMemoryLog();
    private final Checkpoints checkpoints;
    private final UserCode code;
    private final MeterRegistry meters = new SimpleMeterRegistry();
    /** Collected output is written in place, not on a thread of its own: the run must not depend on timing. */
    private final LocalResources resources = new LocalResources(store, Runnable::run);
    private final RuntimeSettings settings = RuntimeSettings.DEFAULT.withBarrierPeriodMs(5);
    private final Map<String, Job> jobs = new HashMap<>();
    private final Map<String, TaskAgent> agents = new LinkedHashMap<>();
    private final Map<String, Inbox> inboxes = new HashMap<>();
    private final Set<String> crashing = new LinkedHashSet<>();
    private final Map<String, Services> services = new HashMap<>();
    private final List<String> events = new ArrayList<>();
    private String current;
    private boolean ioCrashArmed;
    private long nanos = 1_000_000_000L;
    private int crashes;
    private int crashesWhileRunning;

    /** @param seed drives every choice; print it with any failure */
    public SimulatedRuntime(final long seed) {
        this.cluster = new SimulatedCluster(seed, LogParameters.DEFAULT);
        this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.code = new UserCode(SimulatedRuntime.class.getClassLoader(), PackagePolicy.ANY);
        final Executor io = task -> {
            if (ioCrashArmed && current != null) {
                // The group dies in the middle of this checkpoint I/O: it never completes.
                ioCrashArmed = false;
                crashing.add(groupOf(current));
                events.add("crash at checkpoint I/O of " + current);
                return;
            }
            task.run();
        };
        this.checkpoints = new Checkpoints(new InMemoryCheckpointStorage("simulation"), store, 3, io);
    }

    /** Starts a group of peers. */
    public String startGroup(final int peers) {
        return cluster.startGroup(peers, List.of());
    }

    /** Submits a job under the given id (fused, as a client submits it). */
    public void submit(final String id, final Job job) {
        final Job running = io.sardonyx.job.Fusion.fuse(job);
        jobs.put(id, running);
        cluster.submit(JobSpec.of(id, running));
    }

    public Replica replica() {
        return cluster.replica();
    }

    public SimulatedCluster cluster() {
        return cluster;
    }

    /** What a {@code collect} output gathered, as of its latest allocation. */
    public List<Map<String, Object>> collected(final String job, final String task) {
        return JobData.collected(store, job, task);
    }

    /** Why a job was killed, if it was. */
    public String exception(final String job) {
        return JobData.exception(store, job).orElse(null);
    }

    /** Crashes, in order, for a failure message. */
    public List<String> events() {
        return events;
    }

    public int crashes() {
        return crashes;
    }

    /** Crashes while a job was active: the ones that test recovery. */
    public int crashesWhileRunning() {
        return crashesWhileRunning;
    }

    private String groupOf(final String peer) {
        for (final String group : cluster.liveGroups()) {
            if (cluster.peersOf(group).contains(peer)) {
                return group;
            }
        }
        return null;
    }

    /**
     * One step: the log takes one due entry, agents follow the replica, one agent works a little, the clock moves;
     * then, with the given chances, a random live group crashes (and a new one starts), or the next checkpoint I/O
     * of the working agent's group is its last.
     */
    public void step(final double crashChance, final double ioCrashChance, final int maxCrashes) throws Exception {
        cluster.step();
        follow();
        if (!agents.isEmpty()) {
            final List<String> peers = new ArrayList<>(agents.keySet());
            current = peers.get(random.nextInt(peers.size()));
            ioCrashArmed = crashes < maxCrashes && random.nextDouble() < ioCrashChance;
            final TaskAgent agent = agents.get(current);
            for (int i = 1 + random.nextInt(4); i > 0 && crashing.isEmpty(); i--) {
                agent.doWork();
            }
            ioCrashArmed = false;
            current = null;
        }
        nanos += random.nextInt(1_500_000);
        if (crashing.isEmpty() && crashes < maxCrashes && random.nextDouble() < crashChance) {
            final List<String> live = cluster.liveGroups();
            if (!live.isEmpty()) {
                final String victim = live.get(random.nextInt(live.size()));
                crashing.add(victim);
                events.add("crash of " + victim + " at step time " + nanos);
            }
        }
        for (final String group : List.copyOf(crashing)) {
            crash(group);
        }
        crashing.clear();
    }

    private void crash(final String group) {
        crashes++;
        if (!cluster.replica().jobs().active().isEmpty()) {
            crashesWhileRunning++;
        }
        for (final String peer : cluster.peersOf(group)) {
            agents.remove(peer);
            final Inbox inbox = inboxes.remove(peer);
            if (inbox != null) {
                inbox.close();
            }
        }
        cluster.crashGroup(group);
        startGroup(3);
    }

    /** Starts agents for peers the log gave a task, stops those it took one from. */
    private void follow() {
        final Map<String, TaskRef> running = cluster.running();
        for (final String peer : List.copyOf(agents.keySet())) {
            final TaskAgent agent = agents.get(peer);
            if (!agent.task().equals(running.get(peer))) {
                agents.remove(peer);
                agent.onClose();
            }
        }
        for (final Map.Entry<String, TaskRef> e : running.entrySet()) {
            final String peer = e.getKey();
            if (!agents.containsKey(peer) && jobs.containsKey(e.getValue().job())) {
                final String group = groupOf(peer);
                final Inbox inbox = inboxes.computeIfAbsent(peer, exchange::open);
                final TaskAgent agent = new TaskAgent(services.computeIfAbsent(group, Services::new), peer,
                    e.getValue(), jobs.get(e.getValue().job()), inbox);
                agent.onStart();
                agents.put(peer, agent);
            }
        }
    }

    @Override
    public void close() {
        agents.values().forEach(TaskAgent::onClose);
        agents.clear();
        checkpoints.close();
        resources.close();
    }

    /** What one group's runtime gives its tasks; its log writes go through the simulated cluster. */
    private final class Services implements TaskServices {
        private final String group;

        Services(final String group) {
            this.group = group;
        }

        @Override
        public Replica replica() {
            return cluster.replica();
        }

        @Override
        public String groupId() {
            return group;
        }

        @Override
        public Messenger messenger() {
            return exchange.messenger(new PeerSite("sim", 1), peer -> inboxes.computeIfAbsent(peer, exchange::open));
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
        public Checkpoints checkpoints() {
            return checkpoints;
        }

        @Override
        public void completeJob(final String jobId, final long version) {
            cluster.write(new CompleteJob(jobId, version));
        }

        @Override
        public void evictPeer(final String peer, final String peerGroup, final String reason) {
            cluster.write(new LeaveCluster(peer, peerGroup));
        }

        @Override
        public void killJob(final String jobId, final long version, final String reason) {
            JobData.putException(store, jobId, reason);
            cluster.write(new KillJob(jobId, version));
        }

        @Override
        public void restartPeer(final String peer, final String jobId, final long version, final String reason) {
            cluster.write(new LeaveCluster(peer, group));
        }

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public long epochMillis() {
            return nanos / 1_000_000;
        }
    }
}
