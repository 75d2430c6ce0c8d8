package io.sardonyx.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.api.ExceptionAction;
import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.api.LifecycleCalls;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.job.Job;
import io.sardonyx.job.Lifecycle;
import io.sardonyx.job.Task;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A kill decided just after another task was restarted: the restart moves the job to a new allocation (twice: the
 * peer leaves, its replacement joins), so the kill, which names the allocation it was decided at, can reach the log
 * after the job left it and be ignored. The task that asked for it must then start over on the new allocation rather
 * than hold its slot failed forever: the job always ends, killed or completed, and never hangs.
 */
public class KillAfterRestartTest {
    /** Per job: how often handle-exception was asked, and whether the restart was answered. */
    static final Map<String, AtomicInteger> ASKED = new ConcurrentHashMap<>();
    static final Map<String, AtomicBoolean> RESTARTED = new ConcurrentHashMap<>();
    static final Map<String, AtomicBoolean> SECOND = new ConcurrentHashMap<>();
    /** The run under way, and the runs whose inc has thrown (a function sees no job id). */
    static final AtomicInteger RUN = new AtomicInteger();
    static final java.util.Set<String> THROWN = ConcurrentHashMap.newKeySet();

    @Test
    void aKillAfterARestartAlwaysEndsTheJob() throws Exception {
        runs(3);
    }

    @Test
    @Tag("slow")
    void aKillAfterARestartEndsTheJobInFiftyRuns() throws Exception {
        runs(50);
    }

    private static void runs(final int n) throws Exception {
        try (Sardonyx sardonyx = Sardonyx.builder().build()) {
            sardonyx.startPeers(6);
            for (int run = 0; run < n; run++) {
                RUN.set(run);
                final JobHandle handle = sardonyx.submit(job());
                final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, handle);
                if (!outcome.completed()) {
                    assertThat(outcome.reason()).as("run %d", run).contains("second failure in in2");
                }
            }
        }
    }

    private static Job job() {
        return Job.builder()
            .chain("in", "inc", "out").edge("in2", "out2")
            .task(Task.input("in", "seq").batchSize(5).nPeers(1).with("seq/elements", RuntimeTestSupport.numbers(100)))
            .task(Task.function("inc", "io.sardonyx.runtime.KillAfterRestartTest::slowInc").batchSize(5).nPeers(1))
            .task(Task.output("out", "collect").batchSize(5).nPeers(1))
            .task(Task.input("in2", "seq").batchSize(5).nPeers(1)
                .with("seq/elements", RuntimeTestSupport.numbers(3000)))
            .task(Task.output("out2", "collect").batchSize(5).nPeers(1))
            .lifecycle(Lifecycle.of("all", RestartOnce.class.getName()))
            .lifecycle(Lifecycle.of("in2", KillSoon.class.getName()))
            .jobConfig("onyx.peer/coordinator-barrier-period-ms", 200L)
            .build();
    }

    /** Increments after 20 ms of (simulated) work; throws once per job, at n = 30. */
    public static Map<String, Object> slowInc(final Map<String, Object> segment) {
        LockSupport.parkNanos(20_000_000);
        final long n = (Long) segment.get("n");
        if (n == 30 && THROWN.add("run-" + RUN.get())) {
            throw new IllegalStateException("first failure in inc");
        }
        return Map.of("n", n + 1);
    }

    /** handle-exception answers RESTART the first time in a job, KILL afterwards. */
    public static final class RestartOnce implements LifecycleCalls {
        @Override
        public ExceptionAction handleException(final Map<String, Object> event, final Map<String, Object> lifecycle,
                                               final String phase, final Throwable exception) {
            final String job = (String) event.get("onyx.core/job-id");
            if (ASKED.computeIfAbsent(job, k -> new AtomicInteger()).incrementAndGet() == 1) {
                RESTARTED.computeIfAbsent(job, k -> new AtomicBoolean()).set(true);
                return ExceptionAction.RESTART;
            }
            return ExceptionAction.KILL;
        }
    }

    /** A second, independent failure, just after the restart. */
    public static final class KillSoon implements LifecycleCalls {
        @Override
        public Map<String, Object> beforeBatch(final Map<String, Object> event, final Map<String, Object> lifecycle) {
            LockSupport.parkNanos(5_000_000);
            final String job = (String) event.get("onyx.core/job-id");
            if (RESTARTED.computeIfAbsent(job, k -> new AtomicBoolean()).get()
                && SECOND.computeIfAbsent(job, k -> new AtomicBoolean()).compareAndSet(false, true)) {
                throw new IllegalStateException("second failure in in2");
            }
            return Map.of();
        }
    }
}
