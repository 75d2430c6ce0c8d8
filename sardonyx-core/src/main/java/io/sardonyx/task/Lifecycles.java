package io.sardonyx.task;

import io.sardonyx.api.ExceptionAction;
import io.sardonyx.api.LifecycleCalls;
import io.sardonyx.job.FunctionKind;
import io.sardonyx.job.Job;
import io.sardonyx.job.Lifecycle;
import io.sardonyx.log.Effect;
import io.sardonyx.usercode.UserCode;
import io.sardonyx.usercode.UserCodeException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The lifecycles of one task (those naming it or {@code "all"}, in job order), each with its own instance of its
 * calls class, run at Onyx's points against one mutable event map. Called from the task's thread only.
 */
public final class Lifecycles {
    /** Phases, as named to handle-exception and in errors. */
    public static final String START_TASK = "start-task?";
    public static final String BEFORE_TASK_START = "before-task-start";
    public static final String BEFORE_BATCH = "before-batch";
    public static final String AFTER_READ_BATCH = "after-read-batch";
    public static final String APPLY_FN = "apply-fn";
    public static final String AFTER_APPLY_FN = "after-apply-fn";
    public static final String WRITE_BATCH = "write-batch";
    public static final String AFTER_BATCH = "after-batch";
    public static final String READ_BATCH = "read-batch";

    private final List<Entry> entries;

    private Lifecycles(final List<Entry> entries) {
        this.entries = entries;
    }

    /**
     * Makes the calls of every lifecycle of the task.
     *
     * @throws UserCodeException naming the calls class that cannot be made
     */
    public static Lifecycles of(final Job job, final String task, final UserCode code) {
        final List<Entry> entries = new ArrayList<>();
        for (final Lifecycle lifecycle : job.lifecycles()) {
            if (lifecycle.task().equals(task) || "all".equals(lifecycle.task())) {
                entries.add(new Entry(code.instance(lifecycle.calls(), FunctionKind.LIFECYCLE_CALLS,
                    LifecycleCalls.class, List.of()), lifecycle.attributes()));
            }
        }
        return new Lifecycles(List.copyOf(entries));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** True when every lifecycle lets the task start. */
    public boolean startTask(final Map<String, Object> event) {
        for (final Entry e : entries) {
            if (!e.calls.startTask(event, e.lifecycle)) {
                return false;
            }
        }
        return true;
    }

    /** Runs one hook of every lifecycle, merging what each returns into the event. */
    public void run(final String phase, final Map<String, Object> event) {
        for (final Entry e : entries) {
            final Map<String, Object> out = switch (phase) {
                case BEFORE_TASK_START -> e.calls.beforeTaskStart(event, e.lifecycle);
                case BEFORE_BATCH -> e.calls.beforeBatch(event, e.lifecycle);
                case AFTER_READ_BATCH -> e.calls.afterReadBatch(event, e.lifecycle);
                case AFTER_APPLY_FN -> e.calls.afterApplyFn(event, e.lifecycle);
                case AFTER_BATCH -> e.calls.afterBatch(event, e.lifecycle);
                default -> throw new IllegalArgumentException("no lifecycle hook " + phase);
            };
            if (out != null && !out.isEmpty()) {
                event.putAll(out);
            }
        }
    }

    /**
     * Runs after-task-stop, the event's {@code onyx.core/scheduler-event} saying why the task stopped (peer-left when
     * no reason was given); failures there are only reported (the task is gone).
     */
    public void afterTaskStop(final Map<String, Object> event, final Effect.StopReason reason) {
        event.put("onyx.core/scheduler-event", reason == null ? "peer-left"
            : reason.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        try {
            afterTaskStop(event);
        } catch (final RuntimeException e) {
            LoggerFactory.getLogger(Lifecycles.class).warn("after-task-stop of task {} on peer {} threw",
                event.get("onyx.core/task"), event.get("onyx.core/id"), e);
        }
    }

    private void afterTaskStop(final Map<String, Object> event) {
        for (final Entry e : entries) {
            final Map<String, Object> out = e.calls.afterTaskStop(event, e.lifecycle);
            if (out != null && !out.isEmpty()) {
                event.putAll(out);
            }
        }
    }

    /**
     * Asks every lifecycle what to do about an exception; the first answer other than defer wins, and when all
     * defer (or there are none) the job is killed.
     */
    public ExceptionAction handleException(final Map<String, Object> event, final String phase,
                                           final Throwable exception) {
        for (final Entry e : entries) {
            final ExceptionAction action = e.calls.handleException(event, e.lifecycle, phase, exception);
            if (action != null && action != ExceptionAction.DEFER) {
                return action;
            }
        }
        return ExceptionAction.KILL;
    }

    private record Entry(LifecycleCalls calls, Map<String, Object> lifecycle) {
    }

    /** An exception with its stack trace, cut to 16,000 characters: the reason recorded for a killed job. */
    static String stackTrace(final Throwable t) {
        final StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        final String s = text.toString();
        return s.length() > 16_000 ? s.substring(0, 16_000) + "\n\t..." : s;
    }
}
