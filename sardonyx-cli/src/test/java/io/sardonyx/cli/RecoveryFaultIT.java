package io.sardonyx.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sardonyx.client.Engine;
import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.api.JobStatus;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.checkpoint.CheckpointRecord;
import io.sardonyx.checkpoint.Checkpoints;
import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.log.store.EmbeddedZooKeeper;
import io.sardonyx.log.store.LogStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly once through real failures: a job over 1,000,000 segments runs on three peer-group JVMs while one of
 * them, chosen at random, is killed with SIGKILL six times (and restarted), or paused with SIGSTOP past its session
 * timeout and resumed. The file output, committed in two phases, holds every result exactly once.
 */
@Tag("slow")
class RecoveryFaultIT {
    private static final Logger LOG = LoggerFactory.getLogger(RecoveryFaultIT.class);
    private static final Duration PATIENCE = Duration.ofMinutes(5);
    /** The peer counts of task "count" in the checkpoints completed before and after each kill. */
    private final java.util.Set<Integer> countPeers = new java.util.TreeSet<>();

    @TempDir
    Path dir;
    private PeerProcesses processes;
    private EmbeddedZooKeeper server;

    @AfterEach
    void stop() {
        if (processes != null) {
            processes.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Peers per group: enough that two groups alone can run the job while the third is down. */
    private int peersPerGroup = 2;

    private String[] peerArgs() {
        return new String[] {"--peers", Integer.toString(peersPerGroup), "-z", server.connectString(), "-t", "recovery",
            "--session-timeout-ms", "3000", "--checkpoints", dir.resolve("checkpoints").toString()};
    }

    private JobHandle startJob(final Sardonyx client, final long count, final long rate, final Path out) {
        return startJob(client, Job.builder().chain("in", "inc", "out")
            .task(Task.input("in", "io.sardonyx.examples.Counter").batchSize(200).nPeers(1)
                .with("counter/count", count).with("counter/rate", rate))
            .task(Task.function("inc", "io.sardonyx.examples.Numbers::inc").batchSize(200))
            .task(Task.output("out", "file").batchSize(200).nPeers(1).with("file/path", out.toString()))
            .taskScheduler(TaskSchedulerKind.BALANCED).build());
    }

    private JobHandle startJob(final Sardonyx client, final Job definition) {
        await("three groups join").atMost(PATIENCE)
            .until(() -> client.cluster().peers().size() == 3 * peersPerGroup);
        final JobHandle job = client.submit(definition);
        await("the job runs").atMost(PATIENCE).until(() -> job.status() == JobStatus.RUNNING);
        return job;
    }

    /** SIGKILLs a random live group {@code kills} times, each once the output has grown by a step; restarts it. */
    private List<Long> killRepeatedly(final Sardonyx client, final JobHandle job, final Path out, final long lines,
                                      final int kills) throws Exception {
        final Random random = new Random(42);
        final List<Long> recoveryMs = new ArrayList<>();
        final List<Integer> alive = new ArrayList<>(List.of(0, 1, 2));
        for (int kill = 1; kill <= kills; kill++) {
            final long progress = lines * kill / (kills + 2);
            await("committed output passes " + progress).atMost(PATIENCE).until(() -> lines(out) >= progress);
            final int victim = alive.remove(random.nextInt(alive.size()));
            final long versionBefore = record(client, job.id()).allocation();
            final CheckpointRecord before = record(client, job.id());
            if (before.latest() != null) {
                countPeers.add(before.latest().slots().getOrDefault("count", 0));
            }
            final long killedAt = System.nanoTime();
            processes.get(victim).destroyForcibly().waitFor();
            try {
                await("a checkpoint completes after the kill").atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        final CheckpointRecord r = record(client, job.id());
                        final boolean after = r.latest() != null && r.latest().version() > versionBefore;
                        if (after) {
                            countPeers.add(r.latest().slots().getOrDefault("count", 0));
                        }
                        return after;
                    });
            } catch (final org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(e.getMessage() + "\n" + Engine.of(client).replica() + processes.logs(), e);
            }
            recoveryMs.add((System.nanoTime() - killedAt) / 1_000_000);
            processes.start(peerArgs());
            alive.add(processes.size() - 1);
        }
        return recoveryMs;
    }

    private static long lines(final Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (Stream<String> s = Files.lines(file)) {
            return s.count();
        }
    }

    private static CheckpointRecord record(final Sardonyx client, final String job) {
        final LogStore.Versioned stored = Engine.of(client).store().jobDataVersioned(job, Checkpoints.RECORD);
        return stored.data() == null ? CheckpointRecord.NONE
            : CheckpointRecord.fromBytes(stored.data(), stored.version());
    }

    private void assertExactlyOnce(final Path out, final long count) throws IOException {
        final BitSet seen = new BitSet((int) count + 1);
        long total = 0;
        long duplicates = 0;
        try (Stream<String> lines = Files.lines(out)) {
            for (final String line : (Iterable<String>) lines::iterator) {
                final int n = Integer.parseInt(line.replaceAll("[^0-9]", ""));
                if (seen.get(n)) {
                    duplicates++;
                }
                seen.set(n);
                total++;
            }
        }
        assertThat(duplicates).as("duplicated results").isZero();
        assertThat(seen.cardinality()).as("distinct results").isEqualTo((int) count);
        assertThat(seen.nextSetBit(0)).isEqualTo(1);
        assertThat(total).isEqualTo(count);
    }

    @Test
    void sigkilledPeerGroupsLoseAndDuplicateNothing() throws Exception {
        server = EmbeddedZooKeeper.start("127.0.0.1", 0, dir.resolve("zk"));
        processes = new PeerProcesses(dir);
        for (int i = 0; i < 3; i++) {
            processes.start(peerArgs());
        }
        final long count = 1_000_000;
        final Path out = dir.resolve("out.jsonl");
        try (Sardonyx client = Sardonyx.builder().zookeeper(server.connectString()).tenancy("recovery").build()) {
            final JobHandle job = startJob(client, count, 7_500, out);
            final List<Long> recoveryMs = killRepeatedly(client, job, out, count, 6);
            final JobOutcome outcome = job.await(PATIENCE);
            assertThat(outcome.completed()).as(outcome.reason() + processes.logs()).isTrue();
            assertExactlyOnce(out, count);
            final List<Long> sorted = new ArrayList<>(recoveryMs);
            sorted.sort(Long::compare);
            LOG.warn("recovery from SIGKILL to the next complete checkpoint (session timeout 3 s): median {} ms, "
                + "max {} ms, all {}", sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), recoveryMs);
        }
    }

    /**
     * Keyed state through real failures: 1,000,000 numbers keyed by n mod 10,000 with event time n, counted per key
     * in fixed windows of 100,000 ms, fired by the watermark into a two-phase-commit file; SIGKILL a random group six
     * times and start a new one each time. The counting task has no peer count: it shrinks when a group dies and grows
     * when one joins, its window state redistributed by key group each time. Every key's count in every window is
     * exactly 10, once.
     */
    @Test
    void sigkilledPeerGroupsKeepKeyedWindowCountsExact() throws Exception {
        peersPerGroup = 3;
        server = EmbeddedZooKeeper.start("127.0.0.1", 0, dir.resolve("zk"));
        processes = new PeerProcesses(dir);
        for (int i = 0; i < 3; i++) {
            processes.start(peerArgs());
        }
        final long count = 1_000_000;
        final long keys = 10_000;
        final Path out = dir.resolve("counts.jsonl");
        try (Sardonyx client = Sardonyx.builder().zookeeper(server.connectString()).tenancy("recovery").build()) {
            final JobHandle job = startJob(client, Job.builder().chain("in", "key", "count", "out")
                .task(Task.input("in", "io.sardonyx.examples.Counter").batchSize(200).nPeers(1)
                    .with("counter/count", count).with("counter/rate", 10_000L)
                    .with(Task.ASSIGN_WATERMARK_FN, "io.sardonyx.examples.Numbers::t"))
                .task(Task.function("key", "io.sardonyx.examples.Numbers::keyed").batchSize(200)
                    .params("numbers/keys").with("numbers/keys", keys))
                .task(Task.builder("count", io.sardonyx.job.TaskType.REDUCE).batchSize(200)
                    .with(Task.GROUP_BY_KEY, "key").with("onyx/flux-policy", "recover"))
                .task(Task.output("out", "file").batchSize(200).nPeers(1).with("file/path", out.toString()))
                .window(io.sardonyx.job.Window.builder("per-100k", "count", io.sardonyx.job.WindowType.FIXED)
                    .aggregation("onyx.windowing.aggregation/count").windowKey("t")
                    .range(100, io.sardonyx.job.WindowUnit.SECONDS))
                .trigger(io.sardonyx.job.Trigger.builder("wm", "per-100k", io.sardonyx.job.TriggerKind.WATERMARK)
                    .emit("io.sardonyx.examples.Numbers::emitKeyCount").evictAll())
                .taskScheduler(TaskSchedulerKind.BALANCED).build());
            final long expectedLines = keys * (count / 100_000);
            final List<Long> recoveryMs = killRepeatedly(client, job, out, expectedLines, 6);
            final JobOutcome outcome = job.await(PATIENCE);
            assertThat(outcome.completed()).as(outcome.reason() + processes.logs()).isTrue();
            final java.util.Map<String, Long> counts = new java.util.HashMap<>();
            long duplicates = 0;
            try (Stream<String> lines = Files.lines(out)) {
                for (final String line : (Iterable<String>) lines::iterator) {
                    final java.util.Map<?, ?> s = (java.util.Map<?, ?>) io.sardonyx.codec.JsonText.parse(line);
                    final Long was = counts.put(s.get("key") + "@" + s.get("lower"), (Long) s.get("count"));
                    duplicates += was == null ? 0 : 1;
                }
            }
            assertThat(duplicates).as("windows fired twice").isZero();
            assertThat(counts).hasSize((int) expectedLines);
            assertThat(counts.values()).as("every key's count per window").containsOnly(count / keys / 10);
            assertThat(countPeers).as("the counting task ran on other peer counts after kills").hasSizeGreaterThan(1);
            LOG.warn("keyed windows: recovery from SIGKILL to the next complete checkpoint: {} ms", recoveryMs);
        }
    }

    @Test
    void aPeerGroupPausedPastItsSessionTimeoutIsReplacedAndItsWritesDoNotCount() throws Exception {
        server = EmbeddedZooKeeper.start("127.0.0.1", 0, dir.resolve("zk"));
        processes = new PeerProcesses(dir);
        for (int i = 0; i < 3; i++) {
            processes.start(peerArgs());
        }
        final long count = 200_000;
        final Path out = dir.resolve("out.jsonl");
        try (Sardonyx client = Sardonyx.builder().zookeeper(server.connectString()).tenancy("recovery").build()) {
            final JobHandle job = startJob(client, count, 10_000, out);
            await("some output is committed").atMost(PATIENCE).until(() -> lines(out) >= count / 4);
            final String paused = processes.groupIdOf(1);
            final long pid = processes.get(1).pid();
            new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor();
            try {
                await("the paused group is evicted").atMost(PATIENCE)
                    .until(() -> Engine.of(client).replica().membership().left().contains(paused));
                await("the job runs on the others").atMost(PATIENCE)
                    .until(() -> record(client, job.id()).latest() != null
                        && Engine.of(client).replica().allocations().allocated(job.id()));
            } finally {
                new ProcessBuilder("kill", "-CONT", Long.toString(pid)).start().waitFor();
            }
            final JobOutcome outcome = job.await(PATIENCE);
            assertThat(outcome.completed()).as(outcome.reason() + processes.logs()).isTrue();
            assertExactlyOnce(out, count);
        }
    }
}
