package io.sardonyx.task;

import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.log.Effect;
import io.sardonyx.log.TaskRef;
import io.sardonyx.messaging.Frame;
import io.sardonyx.messaging.FrameHandler;
import io.sardonyx.messaging.Inbox;
import io.sardonyx.usercode.UserCodeException;
import io.sardonyx.usercode.UserCalls;
import java.util.HashMap;
import java.util.Map;
import org.agrona.concurrent.Agent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One virtual peer running one task, as an Aeron {@link Agent}: each {@code doWork} does a little and returns how
 * much, so an idle strategy can back off. The task first resolves its parts and asks start-task?; then, each cycle,
 * it follows the job's allocation version (a change builds a new {@link TaskAttempt} and starts the task over on
 * it), lets the coordinator work when this peer is it, writes what is pending, closes the batch once written, settles
 * what it owes the coordinator, takes frames from its inbox and lets its {@link TaskDriver} read or pass a barrier.
 * Lifecycle hooks run at Onyx's points; exceptions go to handle-exception. Owned by its own thread; a reason to stop
 * ({@link #stopReason}) may be given from any thread.
 */
public final class TaskAgent implements Agent, FrameHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TaskAgent.class);

    private enum State { INIT, WAIT_START, RUNNING, FAILED }

    private final TaskServices services;
    private final String peer;
    private final TaskRef ref;
    private final Job job;
    private final Task task;
    private final Inbox inbox;
    private final Map<String, Object> event = new HashMap<>();
    private final TaskFailures failures;
    private final TaskMetrics metrics;
    private final TaskStops stops = new TaskStops() {
        @Override
        public int failed(final String phase, final Throwable t) {
            return handle(phase, t);
        }

        @Override
        public void stale() {
            state = State.FAILED;
            failures.failedAt(followed);
        }
    };
    private final UserCalls.Failure<Integer> escaped = this::escaped;
    private volatile long lastCycleNs = System.nanoTime();
    private volatile Effect.StopReason stopReason;

    private State state = State.INIT;
    private Lifecycles lifecycles;
    private StartGate gate;
    private TaskDriver driver;
    private TaskFunction fn;
    /** The allocation version last followed, or -1. */
    private long followed = -1;
    /** The attempt on that version, or null while this peer has no slot in it. */
    private TaskAttempt attempt;
    /** Its slot (kept once the job leaves the allocations), or -1. */
    private volatile int slot = -1;

    /** An agent for a peer (its id and its inbox, which outlives the task) to run a task of a job. */
    public TaskAgent(final TaskServices services, final String peer, final TaskRef ref, final Job job,
                     final Inbox inbox) {
        this.services = services;
        this.inbox = inbox;
        this.peer = peer;
        this.ref = ref;
        this.job = job;
        this.task = job.task(ref.task()).orElseThrow(() -> new IllegalArgumentException(
            "job " + ref.job() + " has no task " + ref.task()));
        this.metrics = new TaskMetrics(services.meters(), ref, peer);
        this.failures = new TaskFailures(services, ref, peer);
        event.putAll(Map.of("onyx.core/id", peer, "onyx.core/job-id", ref.job(), "onyx.core/task", ref.task(),
            "onyx.core/task-map", task.attributes()));
    }

    @Override
    public String roleName() {
        return "sardonyx-" + ref.task() + "-" + peer.substring(0, Math.min(8, peer.length()));
    }

    public TaskRef task() {
        return ref;
    }

    public String peer() {
        return peer;
    }

    /** The peer's slot on its task in the allocation it follows (or last followed), or -1 before it has one. */
    public int slot() {
        return slot;
    }

    /** When the task's duty cycle last ran (System.nanoTime): a thread stuck in user code stops advancing it. */
    public long lastCycleNs() {
        return lastCycleNs;
    }

    /** Records why the task stops; after-task-stop sees it. Any thread. */
    public void stopReason(final Effect.StopReason reason) {
        this.stopReason = reason;
    }

    @Override
    public int doWork() throws Exception {
        final long now = services.nanoTime();
        lastCycleNs = System.nanoTime();
        return UserCalls.guarded("task", () -> switch (state) {
            case INIT -> init();
            case WAIT_START -> askStart(now);
            case RUNNING -> run(now);
            case FAILED -> resumeIfSuperseded();
        }, escaped);
    }

    /**
     * Anything that escapes a phase (a plugin's completed(), a null segment, a hook throwing an Error, a checkpoint
     * that cannot be read or written, a class that fails to load while the task resolves) is a failure of the task,
     * decided by handle-exception once; never a silent loop or a lost batch.
     */
    private Integer escaped(final String phase, final Throwable t) {
        if (state != State.FAILED) {
            return handle(phase, t);
        }
        LOG.warn("task {} on peer {} failed again after it stopped, in {}", ref.task(), peer, phase, t);
        return 0;
    }

    /** Resolves code and plugins and chooses the driver; any failure kills the job with the reason. */
    private int init() {
        try {
            final TaskParts parts = TaskParts.resolve(job, task, ref, services, peer, metrics);
            lifecycles = parts.lifecycles;
            gate = new StartGate(services, task, lifecycles, event);
            driver = TaskDriver.of(services, job, ref, parts, event, metrics, stops);
            state = State.WAIT_START;
        } catch (final RuntimeException e) {
            state = State.FAILED;
            failures.kill("could not start task " + ref.task() + " on peer " + peer, e, -1);
        }
        return 1;
    }

    /** Passes the start gate (start-task?, before-task-start, the function) once the lifecycles let the task start. */
    private int askStart(final long now) {
        return UserCalls.guarded(Lifecycles.BEFORE_TASK_START, () -> {
            final TaskFunction started = gate.open(now);
            if (started == null) {
                return 0;
            }
            fn = failures.function(started);
            state = State.RUNNING;
            return 1;
        }, (phase, t) -> {
            if (!(t instanceof UserCodeException unresolved)) {
                return handle(phase, t);
            }
            stopWork();
            failures.kill("task " + ref.task() + " cannot start", unresolved, -1);
            return 1;
        });
    }

    private int run(final long now) throws Exception {
        int work = follow(now);
        final TaskAttempt current = attempt;
        if (current == null || state != State.RUNNING) {
            return work;
        }
        if (current.coordinator != null) {
            work += current.coordinator.doWork(now);
        }
        if (!driver.pipeline.flush()) {
            return work;
        }
        work += driver.pipeline.closeBatch(now);
        if (state == State.RUNNING) {
            work += driver.settle(current);
        }
        if (state != State.RUNNING) {
            return work;
        }
        work += inbox.poll(this, services.settings().frameLimit());
        return work + driver.run(current, now);
    }

    /** Follows the job's allocation version: a change starts the task over on a new attempt. */
    private int follow(final long now) {
        final Long version = services.replica().allocations().versions().get(ref.job());
        if (followed == (version == null ? -1 : version)) {
            return 0;
        }
        closeAttempt();
        followed = version == null ? -1 : version;
        if (version == null) {
            return 0; // the slot stays known: the task's stop names it
        }
        try {
            attempt = TaskAttempt.open(services, peer, ref, job, fn, now);
            slot = attempt == null ? -1 : attempt.where.slot();
            if (attempt != null) {
                event.put("onyx.core/slot-id", (long) slot);
                driver.restart(attempt);
            }
        } catch (final Exception e) {
            return handle("recover", e);
        }
        return 1;
    }

    private void closeAttempt() {
        if (attempt != null) {
            attempt.close();
            attempt = null;
        }
    }

    /** Takes a frame from the inbox, or leaves it (false) for later. Task thread only. */
    @Override
    public boolean onFrame(final Frame frame) {
        final TaskAttempt current = attempt;
        if (current == null) {
            return false;
        }
        final TaskAttempt.Verdict verdict = current.screen(frame, services.replica(), ref, peer);
        if (verdict == TaskAttempt.Verdict.DROP) {
            metrics.dropped();
        }
        if (verdict != TaskAttempt.Verdict.TAKE) {
            return verdict == TaskAttempt.Verdict.DROP;
        }
        return switch (frame.type()) {
            case SEGMENTS -> driver.onSegments(frame);
            case BARRIER -> driver.onBarrier(frame);
            case STATUS, INPUT_EXHAUSTED -> current.coordinate(frame);
            case CHECKPOINTED -> driver.onCheckpointed(frame);
            default -> true;
        };
    }

    /** Frames of this attempt were lost: the peer restarts under a new id, the job rolls back (never short). */
    @Override
    public void onLost(final long jobKey, final long version, final String why) {
        final TaskAttempt current = attempt;
        if (current != null && current.is(jobKey, version) && state == State.RUNNING) {
            state = State.FAILED;
            failures.restart("task " + ref.task() + ": " + why, version);
        }
    }

    /** Asks handle-exception what to do about a failure, and does it; the task stops working either way. */
    private int handle(final String phase, final Throwable t) {
        stopWork();
        failures.onException(lifecycles, event, phase, t, followed);
        return 1;
    }

    /** A failed task whose kill the job outran starts over on the job's new allocation ({@link TaskFailures}). */
    private int resumeIfSuperseded() {
        if (fn == null || !failures.superseded(services.replica().allocations().versions().get(ref.job()))) {
            return 0;
        }
        state = State.RUNNING; // follow() sees the new version and starts the task over on it
        return 1;
    }

    private void stopWork() {
        state = State.FAILED;
        if (driver != null) {
            driver.pipeline.clear();
        }
    }

    @Override
    public void onClose() {
        try {
            if (lifecycles != null && state != State.INIT && state != State.WAIT_START) {
                lifecycles.afterTaskStop(event, stopReason);
            }
        } finally {
            closeAttempt();
            if (driver != null) {
                driver.close();
            }
        }
    }
}
