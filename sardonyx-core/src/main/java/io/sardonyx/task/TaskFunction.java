package io.sardonyx.task;

import io.sardonyx.usercode.UserCalls;
import io.sardonyx.usercode.UserCode;
import io.sardonyx.usercode.UserCodeException;
import io.sardonyx.api.SegmentFunction;
import io.sardonyx.job.FunctionKind;
import io.sardonyx.job.FunctionRef;
import io.sardonyx.job.Fusion;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskType;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A task's {@code onyx/fn}, resolved: a static method with its {@code onyx/params} (and any
 * {@code onyx.core/params} a lifecycle set) bound in front, a {@link SegmentFunction} instance, or the identity
 * when the task names none; followed by the functions of the tasks fused into it ({@link Fusion}), each applied to
 * what the one before returned. Called from the task's thread only.
 */
public final class TaskFunction {
    private final MethodHandle segmentFn;
    private final SegmentFunction instance;
    private final MethodHandle batchFn;
    private final String name;
    private final String task;
    private final TaskFunction[] fused;
    private String thrower;

    private TaskFunction(final String task, final String name, final MethodHandle segmentFn,
                         final SegmentFunction instance, final MethodHandle batchFn, final TaskFunction[] fused) {
        this.task = task;
        this.name = name;
        this.segmentFn = segmentFn;
        this.instance = instance;
        this.batchFn = batchFn;
        this.fused = fused;
    }

    /**
     * Resolves a task's function.
     *
     * @param coreParams values a before-task-start lifecycle put under {@code onyx.core/params}, bound after the
     *                   {@code onyx/params} values
     * @throws UserCodeException naming the function when it cannot be resolved
     */
    public static TaskFunction of(final Task task, final List<Object> coreParams, final UserCode code) {
        final List<Task> fusedTasks = new ArrayList<>(Fusion.fusedInto(task));
        // A fused output with no function of its own adds no stage: its plugin writes what the chain made.
        fusedTasks.removeIf(t -> t.type() == TaskType.OUTPUT && t.fn().isEmpty());
        final TaskFunction[] fused = new TaskFunction[fusedTasks.size()];
        for (int i = 0; i < fused.length; i++) {
            fused[i] = of(fusedTasks.get(i), List.of(), code);
        }
        final String fn = task.fn().orElse(null);
        if (fn == null) {
            return new TaskFunction(task.name(), null, null, null, null, fused);
        }
        final List<Object> bound = new ArrayList<>();
        for (final String key : task.params()) {
            bound.add(task.attributes().get(key));
        }
        bound.addAll(coreParams);
        final FunctionRef ref = FunctionRef.parse(fn).orElseThrow(() -> new UserCodeException(
            "task " + task.name() + ": \"" + fn + "\" is not a function reference"));
        if (task.batchFn()) {
            return new TaskFunction(task.name(), fn, null, null,
                code.method(fn, FunctionKind.BATCH_FN, bound.size() + 1, bound), fused);
        }
        if (ref.method() == null) {
            return new TaskFunction(task.name(), fn, null,
                code.instance(fn, FunctionKind.TASK_FN, SegmentFunction.class, bound), null, fused);
        }
        return new TaskFunction(task.name(), fn, code.method(fn, FunctionKind.TASK_FN, bound.size() + 1, bound),
            null, null, fused);
    }

    /** True when the function takes the whole batch. */
    public boolean batch() {
        return batchFn != null;
    }

    /** True when the task has no function (segments pass through) and none is fused into it. */
    public boolean identity() {
        return name == null && fused.length == 0;
    }

    /**
     * Applies the function, then each fused function in turn, to one segment: a Map, a List of Maps, or null.
     *
     * @throws IllegalStateException naming the fused task whose function returned something else
     */
    public Object apply(final Map<String, Object> segment) throws Exception {
        if (fused.length == 0) {
            return applyOwn(segment);
        }
        return through(stage(this, segment), 0);
    }

    /** The task whose function failed last (a fused task's when its function threw or returned a non-segment). */
    public String thrower() {
        return thrower == null ? task : thrower;
    }

    /** Applies one stage's function; a failure records the stage's task (nothing is written when it succeeds). */
    private Object stage(final TaskFunction stage, final Map<?, ?> segment) throws Exception {
        boolean returned = false;
        try {
            final Object produced = stage.applyOwn(segment(segment));
            returned = true;
            return produced;
        } finally {
            if (!returned) {
                thrower = stage.task;
            }
        }
    }

    /** Feeds what stage {@code from - 1} returned (the lead's own function for 0) through the rest of the chain. */
    private Object through(final Object produced, final int from) throws Exception {
        Object r = produced;
        for (int i = from; i < fused.length; i++) {
            if (r instanceof Map<?, ?> map) {
                r = stage(fused[i], map);
            } else if (r == null) {
                return null;
            } else if (r instanceof List<?> list) {
                final List<Object> out = new ArrayList<>(list.size());
                for (final Object item : list) {
                    if (!(item instanceof Map<?, ?> map)) {
                        throw badResult(i == 0 ? this : fused[i - 1], "a list holding " + describe(item));
                    }
                    final Object next = through(stage(fused[i], map), i + 1);
                    if (next instanceof List<?> many) {
                        out.addAll(many);
                    } else if (next != null) {
                        out.add(next);
                    }
                }
                return out;
            } else {
                throw badResult(i == 0 ? this : fused[i - 1], describe(r));
            }
        }
        if (r != null && !(r instanceof Map<?, ?>) && !(r instanceof List<?>)) {
            throw badResult(fused[fused.length - 1], describe(r));
        }
        return r;
    }

    private IllegalStateException badResult(final TaskFunction stage, final String what) {
        thrower = stage.task;
        return new IllegalStateException("function " + stage.name + " of task " + stage.task + " returned " + what
            + "; return a map, a list of maps or null");
    }

    private static String describe(final Object value) {
        return value == null ? "null" : "a " + value.getClass().getName();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> segment(final Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private Object applyOwn(final Map<String, Object> segment) throws Exception {
        if (segmentFn != null) {
            return UserCalls.callExact(segmentFn, segment);
        }
        if (instance != null) {
            return instance.apply(segment);
        }
        return segment;
    }

    /**
     * Applies a batch function: its result must be a list as long as the batch (children matched by position).
     *
     * @throws IllegalStateException when the result is not such a list
     */
    public List<?> applyBatch(final List<Map<String, Object>> batch) throws Exception {
        final Object out = UserCalls.call(batchFn, batch);
        if (!(out instanceof List<?> list) || list.size() != batch.size()) {
            throw new IllegalStateException("batch function " + name + " must return a list of " + batch.size()
                + " results (one per segment), returned " + (out instanceof List<?> l ? "a list of " + l.size()
                : out == null ? "null" : out.getClass().getName()));
        }
        return list;
    }

    public String name() {
        return name;
    }
}
