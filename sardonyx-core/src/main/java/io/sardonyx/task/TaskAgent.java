package io.sardonyx.task;

import io.sardonyx.usercode.UserCodeException;
import io.sardonyx.api.StateEvent;
import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskType;
import io.sardonyx.log.Effect;
import io.sardonyx.log.Replica;
import io.sardonyx.log.TaskRef;
import io.sardonyx.messaging.Frame;
import io.sardonyx.messaging.FrameHandler;
import io.sardonyx.messaging.FrameType;
import io.sardonyx.messaging.Inbox;
import io.sardonyx.messaging.Outbox;
import io.sardonyx.plugin.InputPlugin;
import io.sardonyx.plugin.OutputPlugin;
import io.sardonyx.plugin.PluginContext;
import io.sardonyx.window.WindowExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.Agent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One virtual peer running one task, as an Aeron {@link Agent}: each {@code doWork} does a little and returns how
 * much, so an idle strategy can back off. The task first resolves its code and plugins and asks start-task?;
 * then it loops: follow the job's allocation version, send what is pending, pass an aligned barrier, read a batch
 * (from its input plugin, or from upstream peers), apply the function, route by flow conditions and grouping,
 * write (downstream, or to its output plugin). Lifecycle hooks run at Onyx's points; exceptions go to
 * handle-exception. Owned by its own thread; {@link #stop} may be called from any thread.
 */
public final class TaskAgent implements Agent, FrameHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TaskAgent.class);

    private enum State { INIT, WAIT_START, RUNNING, FAILED }

    private static final String ASSIGN_WINDOWS = "assign-windows";

    private final TaskServices services;
    private final String peer;
    private final TaskRef ref;
    private final Job job;
    private final Task task;
    private final Map<String, Object> event = new HashMap<>();
    private final List<Map<String, Object>> batch = new ArrayList<>();
    private final BarrierAligner aligner = new BarrierAligner();
    private final TaskSnapshots snapshots;
    private final TaskFailures failures;
    private final TaskMetrics metrics;
    private final TaskWriter writer;
    private final long barrierPeriodMs;
    private volatile long lastCycleNs = System.nanoTime();

    private State state = State.INIT;
    private long retryAtNs;
    private Lifecycles lifecycles;
    private TaskFunction fn;
    private BatchApplier applier;
    private InputPlugin input;
    private OutputPlugin output;
    private Task outputTask;
    private WindowExecutor windows;
    private InputReader reader;
    private final Inbox inbox;

    private JobLayout layout;
    private int taskIndex;
    private int slot = -1;
    private int source;
    private TaskRoutes routes;
    /** The latest checkpoint the coordinator announced complete, not yet committed by the output. */
    private Frame checkpointed;
    private Outbox[][] downstream;
    private Outbox toCoordinator;
    private JobCoordinator coordinator;

    private boolean batchOpen;
    private long batchStartNs;
    private volatile Effect.StopReason stopReason;

    /**
     * @param services what the peer group provides
     * @param peer     this virtual peer's id
     * @param ref      the job and task it runs
     * @param job      the job's definition
     * @param inbox    the peer's inbox (it outlives the task)
     */
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
        this.writer = new TaskWriter(metrics);
        this.snapshots = new TaskSnapshots(services, ref.job(), task, job.keyGroups());
        this.failures = new TaskFailures(services, ref, peer);
        final Object period = job.jobConfig().get("onyx.peer/coordinator-barrier-period-ms");
        this.barrierPeriodMs = period instanceof Long p && p > 0 ? p : services.settings().barrierPeriodMs();
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

    /** The peer's slot on its task in the allocation it follows, or -1 before it has one. */
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
    @SuppressWarnings("checkstyle:IllegalCatch")
    public int doWork() throws Exception {
        final long now = services.nanoTime();
        lastCycleNs = System.nanoTime();
        try {
            return step(now);
        } catch (final Throwable t) {
            // Anything that escapes a phase (a plugin's completed(), a null segment, a hook throwing an Error, a
            // checkpoint that cannot be read or written) is a failure of the task, decided by handle-exception;
            // never a silent loop or a lost batch.
            if (state == State.RUNNING || state == State.WAIT_START) {
                return handle("task", t);
            }
            if (t instanceof Exception e) {
                throw e;
            }
            throw (Error) t;
        }
    }

    private int step(final long now) throws Exception {
        switch (state) {
            case INIT:
                return init();
            case WAIT_START:
                return now >= retryAtNs ? askStart(now) : 0;
            case RUNNING:
                return run(now);
            case FAILED:
                return resumeIfSuperseded();
            default:
                return 0;
        }
    }

    /** Resolves code and plugins; any failure kills the job with the reason. */
    private int init() {
        try {
            final TaskParts parts = TaskParts.resolve(job, task, ref, services, peer, metrics);
            lifecycles = parts.lifecycles;
            input = parts.input;
            output = parts.output;
            writer.output(output);
            outputTask = parts.outputTask;
            windows = parts.windows;
            reader = input == null ? null : new InputReader(input, parts.watermark, task);
            state = State.WAIT_START;
            return 1;
        } catch (final RuntimeException e) {
            stopWork();
            failures.kill("could not start task " + ref.task() + " on peer " + peer, e, -1);
            return 1;
        }
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private int askStart(final long now) {
        try {
            if (!lifecycles.startTask(event)) {
                retryAtNs = now + TimeUnit.MILLISECONDS.toNanos(services.settings().startBackOffMs());
                return 0;
            }
            lifecycles.run(Lifecycles.BEFORE_TASK_START, event);
            final List<Object> coreParams = event.get("onyx.core/params") instanceof List<?> l
                ? new ArrayList<>(l) : List.of();
            fn = failures.function(TaskFunction.of(task, coreParams, services.code()));
            state = State.RUNNING;
            return 1;
        } catch (final UserCodeException e) {
            stopWork();
            failures.kill("task " + ref.task() + " cannot start", e, -1);
            return 1;
        } catch (final Throwable t) {
            return handle(Lifecycles.BEFORE_TASK_START, t);
        }
    }

    private int run(final long now) throws Exception {
        int work = follow(now);
        if (layout == null || slot < 0 || state != State.RUNNING) {
            return work;
        }
        if (coordinator != null) {
            work += coordinator.doWork(now);
        }
        if (!flush()) {
            return work;
        }
        if (batchOpen) {
            work += closeBatch(now);
            if (state != State.RUNNING) {
                return work;
            }
        }
        work += sendStatuses() + commit();
        if (input != null) {
            return work + runInput(now);
        }
        return work + runDownstream(now);
    }

    /** Follows the job's allocation version: a change starts the job over on the new layout. */
    private int follow(final long now) {
        final Replica replica = services.replica();
        final Long version = replica.allocations().versions().get(ref.job());
        if (version == null) {
            closeRoutes();
            layout = null;
            return 0;
        }
        if (layout != null && layout.version() == version) {
            return 0;
        }
        closeRoutes();
        layout = JobLayout.of(replica, ref.job(), job);
        if (layout == null || !layout.complete()) {
            slot = -1;
            return 1;
        }
        taskIndex = layout.taskIndex(ref.task());
        slot = layout.peers().get(taskIndex).indexOf(peer);
        if (slot < 0) {
            return 1;
        }
        LOG.info("job {} task {} slot {}: starts on peer {} (allocation {})", ref.job(), ref.task(), slot, peer,
            version);
        try {
            openRoutes(now);
            restart();
        } catch (final Exception e) {
            return handle("recover", e);
        }
        return 1;
    }

    private void openRoutes(final long now) {
        source = Frame.source(taskIndex, slot);
        event.put("onyx.core/slot-id", (long) slot);
        routes = new TaskRoutes(services, peer, layout, taskIndex);
        downstream = routes.downstream;
        toCoordinator = routes.toCoordinator;
        applier = BatchApplier.of(job, ref.task(), fn, layout, taskIndex, routes.peerCounts(), slot, services.code());
        aligner.reset(layout.sourcesOf(taskIndex));
        if (!routes.toInputs.isEmpty()) {
            coordinator = new JobCoordinator(layout, source, barrierPeriodMs,
                new JobCoordinator.Routes(routes.toInputs, routes.toTerminals), layout.statefulTasks(job),
                job.keyGroups(), now, new CoordinatorActions(services, ref.job(), layout.version(), job));
        }
    }

    /** Starts the task over on a new allocation version: nothing is in flight, the plugins await recovery. */
    private void restart() throws Exception {
        batch.clear();
        writer.clear();
        batchOpen = false;
        if (reader != null) {
            reader.reset();
        }
        checkpointed = null;
        snapshots.reset();
        // The plugins start now and recover when the version's first barrier names the checkpoint to return to.
        if (input != null) {
            input.close();
            input.start(pluginContext(task));
        }
        if (output != null) {
            output.close();
            output.start(pluginContext(outputTask));
        }
    }

    /** What a plugin made from a catalog entry (the task's, or its fused output's) is started with. */
    private PluginContext pluginContext(final Task entry) {
        return new PluginContext(ref.job(), entry, slot, layout.peers().get(taskIndex).size(), job.keyGroups(),
            services.resources(), services.code(), layout.version());
    }

    private void closeRoutes() {
        if (routes != null) {
            routes.close();
            routes = null;
        }
        downstream = null;
        toCoordinator = null;
        coordinator = null;
    }

    // ---------------------------------------------------------------------------------------------------- reading

    private int runInput(final long now) throws Exception {
        int work = inbox.poll(this, services.settings().frameLimit());
        if (reader.barrierWaiting() && batch.isEmpty()) {
            passInputBarrier();
            return work + 1;
        }
        if (!snapshots.recovered()) {
            // Nothing is read before the version's first barrier says which checkpoint to resume from.
            return work;
        }
        final int read;
        try {
            read = reader.read(batch, now);
        } catch (final Exception e) {
            batch.clear();
            return work + handle(Lifecycles.READ_BATCH, e);
        }
        work += Math.max(0, read);
        if (batch.isEmpty()) {
            if (reader.exhausted()) {
                queue(toCoordinator, Frame.control(FrameType.INPUT_EXHAUSTED, layout.jobKey(), layout.version(),
                    source, 0, 0));
                flush();
                return work + 1;
            }
            return work;
        }
        if (reader.due(batch, now)) {
            process(now);
            return work + 1;
        }
        return work;
    }

    private int runDownstream(final long now) throws Exception {
        if (windows != null && snapshots.recovered() && windows.hasTimers()
            && !windowed(w -> w.onTime(services.epochMillis()))) {
            return 1;
        }
        final int work = inbox.poll(this, services.settings().frameLimit());
        if (!batch.isEmpty()) {
            process(now);
            return work + 1;
        }
        if (aligner.aligned()) {
            passBarrier();
            return work + 1;
        }
        return work;
    }

    /** Takes a frame from the inbox, or leaves it (false) for later. Task thread only. */
    @Override
    public boolean onFrame(final Frame frame) {
        if (layout == null) {
            return false;
        }
        if (frame.jobKey() != layout.jobKey()) {
            final Replica replica = services.replica();
            if (frame.version() > replica.version() || !ref.equals(replica.allocations().taskOf(peer))) {
                // The sender is ahead of this group's log, or this peer is moving to another task: the frame may
                // be for the next task here. Leave it for that task.
                return false;
            }
            metrics.dropped();
            return true;
        }
        if (frame.version() < layout.version()) {
            metrics.dropped();
            return true;
        }
        if (frame.version() > layout.version()) {
            return false;
        }
        switch (frame.type()) {
            case SEGMENTS:
                if (!aligner.expects(frame.source())) {
                    metrics.dropped();
                    return true;
                }
                if (aligner.blocked(frame.source()) || batch.size() >= task.batchSize()) {
                    return false;
                }
                batch.addAll(frame.segments());
                return true;
            case BARRIER:
                if (reader != null) {
                    return reader.offer(frame);
                }
                if (!aligner.expects(frame.source()) || frame.epoch() <= aligner.lastAligned()) {
                    return true;
                }
                if (aligner.blocked(frame.source())) {
                    return false;
                }
                aligner.onBarrier(frame.source(), frame.epoch(), frame.has(Frame.COMPLETED), frame.segments());
                return true;
            case STATUS:
                if (coordinator != null) {
                    coordinator.onStatus(frame);
                }
                return true;
            case INPUT_EXHAUSTED:
                if (coordinator != null) {
                    coordinator.onInputExhausted();
                }
                return true;
            case CHECKPOINTED:
                checkpointed = frame;
                return true;
            default:
                return true;
        }
    }

    /**
     * Frames of this job's current allocation were lost in transit: what follows cannot be complete, so the peer
     * restarts under a new id and the job starts over (at least once, never silently short).
     */
    @Override
    public void onLost(final long jobKey, final long version, final String why) {
        if (layout == null || jobKey != layout.jobKey() || version != layout.version() || state != State.RUNNING) {
            return;
        }
        state = State.FAILED;
        failures.restart("task " + ref.task() + ": " + why, layout.version());
    }

    // ---------------------------------------------------------------------------------------------------- barriers

    /** Passes the barrier on after the batch read before it; a fused output seals once the input ran out. */
    private void passInputBarrier() throws Exception {
        final long epoch = reader.barrierEpoch();
        if (!snapshots.recovered() && !recover(reader.barrierPayload())) {
            return;
        }
        final boolean completed = input.completed();
        forward(epoch, completed, reader.forwardPayload());
        final boolean sealing = output != null && completed;
        if (sealing) {
            output.seal();
        }
        snapshots.take(epoch, layout, slot, true, input.checkpoint(epoch), output == null ? null
            : output.checkpoint(epoch), sealing);
        reader.barrierPassed();
        flush();
    }

    private void passBarrier() throws Exception {
        final long epoch = aligner.epoch();
        final boolean completed = aligner.allCompleted();
        final List<Map<String, Object>> payload = aligner.payload();
        final long watermark = aligner.watermark();
        aligner.next();
        if (!snapshots.recovered() && !recover(payload)) {
            return;
        }
        if (windows != null) {
            // What the barrier's watermark (or the job's end) fires belongs to this epoch: it goes out before it.
            final long nowMs = services.epochMillis();
            if (!windowed(w -> w.onWatermark(watermark, nowMs))
                || completed && !windowed(w -> w.onJobCompleted(nowMs))) {
                return;
            }
        }
        forward(epoch, completed, BarrierPayload.withWatermark(payload, watermark));
        final boolean sealing = downstream.length == 0 && completed;
        if (sealing && output != null) {
            output.seal();
        }
        final Object out = output == null ? null : output.checkpoint(epoch);
        final boolean own = outputTask == task;
        snapshots.take(epoch, layout, slot, own || windows != null, TaskSnapshots.state(windows, own ? out : null),
            out, sealing);
        flush();
    }

    /** Restores the plugins from a version's first barrier; false (and the task stops) when its allocation is stale. */
    private boolean recover(final List<Map<String, Object>> payload) throws RecoveryException {
        try {
            if (snapshots.recover(payload, layout, taskIndex, slot, input, output, windows)) {
                return windows == null
                    || windowed(w -> w.onEvent(StateEvent.Type.RECOVERED, services.epochMillis()));
            }
        } catch (final Exception e) {
            throw new RecoveryException("task " + ref.task() + " slot " + slot + " could not recover: " + e, e);
        }
        LOG.info("task {} on peer {}: allocation {} of job {} is stale; the task stops", ref.task(), peer,
            layout.version(), ref.job());
        state = State.FAILED;
        failures.failedAt(layout.version());
        return false;
    }

    private void forward(final long epoch, final boolean completed, final List<Map<String, Object>> payload) {
        for (final Outbox[] peers : downstream) {
            for (final Outbox o : peers) {
                queue(o, new Frame(FrameType.BARRIER, layout.jobKey(), layout.version(), source, epoch,
                    completed ? Frame.COMPLETED : 0, payload));
            }
        }
        flush(); // At once: downstream aligns and snapshots while this task takes its own.
    }

    /** Commits what the output prepared up to the announced checkpoint; acknowledges the final one. */
    private int commit() throws Exception {
        final Frame ack = checkpointed == null ? null : snapshots.commit(checkpointed, input, output, layout, source);
        if (checkpointed != null && windows != null
            && !windowed(w -> w.onEvent(StateEvent.Type.CHECKPOINTED, services.epochMillis()))) {
            checkpointed = null;
            return 1;
        }
        final int work = checkpointed == null ? 0 : 1;
        checkpointed = null;
        if (ack != null) {
            queue(toCoordinator, ack);
            flush();
        }
        return work;
    }

    /** Sends the statuses whose snapshots are durable, in epoch order. */
    private int sendStatuses() throws Exception {
        int work = 0;
        for (Frame status = snapshots.nextStatus(layout, source, output); status != null;
             status = snapshots.nextStatus(layout, source, output)) {
            queue(toCoordinator, status);
            work++;
        }
        if (work > 0) {
            flush();
        }
        return work;
    }

    // ---------------------------------------------------------------------------------------------------- a batch

    /** Runs the function over the batch and queues what it produced; the batch closes once all is sent. */
    @SuppressWarnings("checkstyle:IllegalCatch")
    private void process(final long now) {
        batchStartNs = now;
        batchOpen = true;
        final List<Map<String, Object>> in = List.copyOf(batch);
        batch.clear();
        metrics.read(in.size());
        event.put("onyx.core/batch", in);
        if (!hook(Lifecycles.BEFORE_BATCH) || !hook(Lifecycles.AFTER_READ_BATCH)) {
            return;
        }
        final BatchApplier.Output applied;
        try {
            applied = applier.apply(in);
        } catch (final Throwable t) {
            handle(Lifecycles.APPLY_FN, t);
            return;
        }
        final List<Map<String, Object>> results = applied.results;
        if (downstream.length > 0 && task.type() != TaskType.REDUCE) {
            // A reduce task's segments only feed its windows; what leaves it is what its triggers emit.
            applied.queue(writer, downstream, layout, source);
            metrics.written(results.size());
        }
        if (windows != null && !windowed(w -> w.apply(results, services.epochMillis()))) {
            return;
        }
        event.put("onyx.core/results", results);
        if (!hook(Lifecycles.AFTER_APPLY_FN)) {
            return;
        }
        if (output != null) {
            writer.write(results);
            metrics.written(results.size());
        }
        flush();
    }

    private int closeBatch(final long now) {
        batchOpen = false;
        event.remove("onyx.core/results");
        if (!hook(Lifecycles.AFTER_BATCH)) {
            return 1;
        }
        metrics.batchDone(now - batchStartNs);
        return 1;
    }

    /** Runs a step of the windows, routes what the triggers emitted; a failure goes to handle-exception. */
    @SuppressWarnings("checkstyle:IllegalCatch")
    private boolean windowed(final java.util.function.Function<WindowExecutor, List<Map<String, Object>>> step) {
        try {
            final List<Map<String, Object>> emitted = step.apply(windows);
            if (!emitted.isEmpty() && downstream.length > 0) {
                applier.route(emitted).queue(writer, downstream, layout, source);
                metrics.written(emitted.size());
            }
            return true;
        } catch (final Throwable t) {
            handle(ASSIGN_WINDOWS, t);
            return false;
        }
    }

    // ---------------------------------------------------------------------------------------------------- writing

    private void queue(final Outbox to, final Frame frame) {
        writer.queue(to, frame);
    }

    /** Writes what is pending, in order; false while something is refused (back pressure) or failed. */
    private boolean flush() {
        try {
            return writer.flush();
        } catch (final Exception e) {
            handle(Lifecycles.WRITE_BATCH, e);
            return false;
        }
    }

    // ---------------------------------------------------------------------------------------------------- failure

    @SuppressWarnings("checkstyle:IllegalCatch")
    private boolean hook(final String phase) {
        try {
            lifecycles.run(phase, event);
            return true;
        } catch (final Throwable t) {
            handle(phase, t);
            return false;
        }
    }

    /** Asks handle-exception what to do about a failure, and does it; the task stops working either way. */
    private int handle(final String phase, final Throwable t) {
        stopWork();
        failures.onException(lifecycles, event, phase, t, layout == null ? -1 : layout.version());
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
        batch.clear();
        writer.clear();
    }

    @Override
    public void onClose() {
        final Effect.StopReason reason = stopReason;
        event.put("onyx.core/scheduler-event", reason == null ? "peer-left"
            : reason.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        try {
            if (lifecycles != null && state != State.INIT && state != State.WAIT_START) {
                lifecycles.afterTaskStop(event);
            }
        } catch (final RuntimeException e) {
            LOG.warn("after-task-stop of task {} on peer {} threw", ref.task(), peer, e);
        } finally {
            closeRoutes();
            TaskParts.close(input, output, windows);
        }
    }
}
