package io.sardonyx.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.api.SegmentQueue;
import io.sardonyx.client.Engine;
import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.log.PeerSite;
import io.sardonyx.log.Replica;
import io.sardonyx.messaging.Frame;
import io.sardonyx.messaging.FrameForger;
import io.sardonyx.messaging.Messenger;
import io.sardonyx.task.JobLayout;
import io.sardonyx.task.RuntimeSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * An outsider sends forged frames to a running job from a process of its own, over real UDP to the receiving peer's
 * port on 127.0.0.1, knowing what the replica publishes (job key, allocation version, a real sender's source). With
 * the tenancy's secret every forged frame fails its MAC: dropped and counted, never a gap, never a restart. Without
 * one, a barrier whose epoch jumps is dropped (a sender at an address no group has is never read: see
 * AeronMessengerTest, since every sender on this machine's loopback is at 127.0.0.1). In every case the output is
 * exactly what the input held.
 */
class ForgedFramesTest {
    private static final byte[] SECRET = "a tenancy secret of 32 bytes....".getBytes(StandardCharsets.US_ASCII);

    @Test
    void withTheSecretForgedSegmentsGapsAndBarriersFailTheirMacAndChangeNothing() throws Exception {
        try (Sardonyx sardonyx = environment(true)) {
            final Attack attack = running(sardonyx);
            final Set<String> peers = Set.copyOf(sardonyx.cluster().peers());
            assertThat(forge(attack, "segments", 20, true)).isEqualTo("sent 20");
            assertThat(forge(attack, "gaps", 20, true)).isEqualTo("sent 20");
            assertThat(forge(attack, "barrier", 5, true)).isEqualTo("sent 5");
            Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> counter(sardonyx, "sardonyx_frames_rejected_total") >= 45);
            attack.finish(sardonyx);
            assertThat(sardonyx.cluster().peers()).as("no peer restarted").containsExactlyInAnyOrderElementsOf(peers);
        }
    }

    @Test
    void withoutTheSecretABarrierWhoseEpochJumpsIsDroppedAndCheckpointsGoOn() throws Exception {
        try (Sardonyx sardonyx = environment(false)) {
            final Attack attack = running(sardonyx);
            assertThat(forge(attack, "barrier", 3, false)).isEqualTo("sent 3");
            Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> counter(sardonyx, "sardonyx_task_frames_dropped_total") >= 3);
            final long before = latestEpoch(sardonyx, attack.handle.id());
            Awaitility.await().atMost(Duration.ofSeconds(20)).alias("checkpoints go on after the forged barrier")
                .until(() -> latestEpoch(sardonyx, attack.handle.id()) > before + 2);
            attack.finish(sardonyx);
        }
    }

    private static Sardonyx environment(final boolean secret) {
        final Sardonyx.Builder builder = Sardonyx.builder().runtime(RuntimeSettings.DEFAULT.withBarrierPeriodMs(50));
        if (secret) {
            builder.secret(SECRET);
        }
        final Sardonyx sardonyx = builder.build();
        sardonyx.startPeers(2);
        sardonyx.startPeers(2);
        return sardonyx;
    }

    /** A running job in → inc → out, with its first segments through, and where to aim at its inc peer. */
    private static Attack running(final Sardonyx sardonyx) throws InterruptedException {
        final SegmentQueue queue = sardonyx.queue("forged-" + UUID.randomUUID());
        final Job job = Job.builder().chain("in", "inc", "out").jobConfig(io.sardonyx.job.Fusion.JOB_CONFIG_KEY, false)
            .task(Task.input("in", "queue").batchSize(10).with("queue/name", queue.name()))
            .task(Task.function("inc", "io.sardonyx.runtime.Fns::inc").batchSize(10))
            .task(Task.output("out", "collect").batchSize(10))
            .taskScheduler(TaskSchedulerKind.BALANCED).build();
        final JobHandle handle = sardonyx.submit(job);
        for (int i = 0; i < 100; i++) {
            queue.put(Map.of("n", (long) i));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30))
            .until(() -> Engine.of(sardonyx).replica().allocations().allocated(handle.id())
                && latestEpoch(sardonyx, handle.id()) > 0);
        final Replica replica = Engine.of(sardonyx).replica();
        final JobLayout layout = JobLayout.of(replica, handle.id(), job);
        final String target = replica.allocations().peersOf(handle.id(), "inc").get(0);
        final PeerSite site = replica.membership().peerInfo().get(target).site();
        return new Attack(handle, queue, layout, site, Messenger.streamOf(target),
            Frame.source(layout.tasks().indexOf("in"), 0));
    }

    private record Attack(JobHandle handle, SegmentQueue queue, JobLayout layout, PeerSite site, int stream,
                          int source) {
        /** Puts the rest of the input, ends it, and checks the output is exactly the input, incremented. */
        void finish(final Sardonyx sardonyx) throws InterruptedException {
            for (int i = 100; i < 200; i++) {
                queue.put(Map.of("n", (long) i));
            }
            queue.close();
            final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, handle);
            assertThat(outcome.completed()).as(outcome.reason()).isTrue();
            final List<Map<String, Object>> out = handle.collected("out");
            final Set<Long> ns = new HashSet<>();
            out.forEach(s -> ns.add((Long) s.get("n")));
            assertThat(out).as("no forged segment reached the output").noneMatch(s -> s.containsKey("injected"));
            assertThat(out).hasSize(200);
            assertThat(ns).hasSize(200).allMatch(n -> n >= 1 && n <= 200);
        }
    }

    /** Runs the forger in a JVM of its own; returns its last line. */
    private static String forge(final Attack attack, final String kind, final int count, final boolean mac)
        throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of(
            ProcessHandle.current().info().command().orElse("java"),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), FrameForger.class.getName(),
            attack.site.address() + ":" + attack.site.port(), Integer.toString(attack.stream),
            Long.toHexString(attack.layout.jobKey()), Long.toString(attack.layout.version()),
            Integer.toString(attack.source), kind, Integer.toString(count), mac ? "mac" : "-"));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        final String[] lines = output.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private static long latestEpoch(final Sardonyx sardonyx, final String jobId) {
        return sardonyx.checkpoints(jobId).stream().mapToLong(c -> c.epoch()).max().orElse(0L);
    }

    /** The sum of a counter's samples in the scrape. */
    private static double counter(final Sardonyx sardonyx, final String name) {
        double sum = 0;
        for (final String line : sardonyx.scrape().split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
