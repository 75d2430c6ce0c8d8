package io.sardonyx.task;

import static io.sardonyx.log.Replicas.apply;
import static io.sardonyx.log.Replicas.empty;
import static io.sardonyx.log.Replicas.joined;
import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.job.Job;
import io.sardonyx.job.JobSchedulerKind;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.log.JobSpec;
import io.sardonyx.log.Replica;
import io.sardonyx.log.Replicas;
import io.sardonyx.log.TaskRef;
import io.sardonyx.log.command.SubmitJob;
import io.sardonyx.log.store.JobData;
import io.sardonyx.messaging.Frame;
import io.sardonyx.messaging.FrameType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Task agents alone, on the test's thread, against a fake of the peer group's services: a job runs from its input
 * through a function to its output, checkpoint by checkpoint, to completion; recovery reads wait off the duty cycle
 * and nothing is read before they are done; a function that throws kills the job naming its task.
 */
public class TaskAgentTest {
    private static final String JOB = "0b6f3c2e-5a4d-4e1f-8c7b-9d0a1b2c3d4e";
    private static final int COUNT = 2_000;

    public static Map<String, Object> boom(final Map<String, Object> segment) {
        throw new IllegalStateException("no " + segment.get("n"));
    }

    private static Job job(final String fn) {
        final List<Map<String, Object>> numbers = new ArrayList<>();
        for (long n = 1; n <= COUNT; n++) {
            numbers.add(Map.of("n", n));
        }
        return Job.builder().edge("in", "inc").edge("inc", "out")
            .task(Task.input("in", "seq").batchSize(10).with("seq/elements", numbers))
            .task(Task.function("inc", fn).batchSize(10))
            .task(Task.output("out", "collect").batchSize(10))
            .taskScheduler(TaskSchedulerKind.BALANCED)
            .jobConfig("onyx.peer/coordinator-barrier-period-ms", 5L)
            .build();
    }

    /** The job's agents on one group of three peers, one per task. */
    private static Map<String, TaskAgent> agents(final FakeTaskServices services, final Job job) {
        services.replica = apply(joined(empty(JobSchedulerKind.GREEDY), 3, "a"), new SubmitJob(JobSpec.of(JOB, job)));
        final Map<String, TaskAgent> agents = new TreeMap<>();
        follow(services, agents, job);
        assertThat(agents.values().stream().map(a -> a.task().task()).toList())
            .containsExactlyInAnyOrder("in", "inc", "out");
        return agents;
    }

    /** Starts an agent for each peer the replica gives a task it has none for, as a peer group does. */
    private static void follow(final FakeTaskServices services, final Map<String, TaskAgent> agents, final Job job) {
        final Replica r = services.replica;
        for (final String peer : r.membership().peers()) {
            final TaskRef ref = r.allocations().taskOf(peer);
            if (ref != null && !agents.containsKey(peer)) {
                final TaskAgent agent = new TaskAgent(services, peer, ref, job, services.exchange.open(peer));
                agent.onStart();
                agents.put(peer, agent);
            }
        }
    }

    /** One round: every agent works a little, the clock moves a millisecond; checkpoint I/O runs when allowed. */
    private static int round(final FakeTaskServices services, final Map<String, TaskAgent> agents,
                             final boolean runIo) throws Exception {
        int work = 0;
        services.inDutyCycle = true;
        try {
            for (final TaskAgent agent : agents.values()) {
                work += agent.doWork();
            }
        } finally {
            services.inDutyCycle = false;
        }
        services.nanos += 1_000_000;
        return work + (runIo ? services.runIo() : 0);
    }

    @Test
    void aJobRunsThroughItsAgentsToCompletionRecoveringOffTheDutyCycle() throws Exception {
        try (FakeTaskServices services = new FakeTaskServices()) {
            final Job job = job("io.sardonyx.runtime.Fns::inc");
            final Map<String, TaskAgent> agents = agents(services, job);
            // Checkpoint I/O is held: the first barrier's recovery waits for it, and nothing is read meanwhile.
            for (int i = 0; i < 200; i++) {
                round(services, agents, false);
            }
            assertThat(services.io).as("the recovery reads wait in the I/O queue").isNotEmpty();
            assertThat(JobData.collected(services.store, JOB, "out")).isEmpty();
            assertThat(agents.values().stream().mapToInt(TaskAgent::slot).boxed().toList())
                .as("every agent follows its attempt meanwhile").containsOnly(0);
            // Once a checkpoint is complete, a fourth peer joins: the job moves to a new allocation and every task
            // recovers from that checkpoint, reading its blobs off the duty cycle.
            for (int i = 0; i < 20_000 && services.checkpoints().record(JOB).latest() == null; i++) {
                round(services, agents, true);
            }
            assertThat(services.checkpoints().record(JOB).latest()).as("a complete checkpoint").isNotNull();
            final long before = services.replica.allocations().versions().get(JOB);
            services.replica = apply(services.replica, Replicas.peer("a-p3", "a"));
            assertThat(services.replica.allocations().versions().get(JOB)).isGreaterThan(before);
            follow(services, agents, job);
            for (int i = 0; i < 50_000 && services.completions.isEmpty(); i++) {
                round(services, agents, true);
            }
            assertThat(services.kills).isEmpty();
            assertThat(services.restarts).isEmpty();
            assertThat(services.completions).as("the coordinator completes the job")
                .containsExactly(JOB + "@" + services.replica.allocations().versions().get(JOB));
            final TreeSet<Long> out = new TreeSet<>();
            for (final Map<String, Object> segment : JobData.collected(services.store, JOB, "out")) {
                assertThat(out.add((Long) segment.get("n"))).as("%s once", segment).isTrue();
            }
            assertThat(out).hasSize(COUNT).first().isEqualTo(2L);
            assertThat(out.last()).isEqualTo(COUNT + 1L);
            assertThat(services.blobsRead).as("the recovery read the checkpoint's blobs").isPositive();
            assertThat(services.readsInDutyCycle).as("storage read inside doWork").isEmpty();
            agents.values().forEach(TaskAgent::onClose);
        }
    }

    @Test
    void aBarrierWhoseEpochJumpsIsDroppedAndTheJobGoesOn() throws Exception {
        try (FakeTaskServices services = new FakeTaskServices()) {
            final Job job = job("io.sardonyx.runtime.Fns::inc");
            final Map<String, TaskAgent> agents = agents(services, job);
            for (int i = 0; i < 50; i++) {
                round(services, agents, true);
            }
            // A barrier of epoch 1,000,000, as if from the input's peer, to the function's and the input's peers:
            // taken, it would stall every checkpoint after it.
            final JobLayout layout = JobLayout.of(services.replica, JOB, job);
            for (final Map.Entry<String, TaskAgent> e : agents.entrySet()) {
                final String to = e.getKey();
                final int from = e.getValue().task().task().equals("in") ? Frame.source(layout.taskIndex("inc"), 0)
                    : Frame.source(layout.taskIndex("in"), 0);
                services.exchange.connect("forger", to).offer(new Frame(FrameType.BARRIER, layout.jobKey(),
                    layout.version(), from, 1_000_000, 0, java.util.List.of()));
            }
            for (int i = 0; i < 50_000 && services.completions.isEmpty(); i++) {
                round(services, agents, true);
            }
            assertThat(services.completions).as("the job completed past the forged barrier").hasSize(1);
            assertThat(JobData.collected(services.store, JOB, "out")).hasSize(COUNT);
            agents.values().forEach(TaskAgent::onClose);
        }
    }

    @Test
    void aFunctionThatThrowsKillsTheJobNamingItsTask() throws Exception {
        try (FakeTaskServices services = new FakeTaskServices()) {
            final Map<String, TaskAgent> agents = agents(services, job(TaskAgentTest.class.getName() + "::boom"));
            for (int i = 0; i < 5_000 && services.kills.isEmpty(); i++) {
                round(services, agents, true);
            }
            assertThat(services.kills).singleElement().asString()
                .startsWith("task inc threw in apply-fn").contains("IllegalStateException: no ");
            assertThat(services.completions).isEmpty();
            agents.values().forEach(TaskAgent::onClose);
        }
    }
}
