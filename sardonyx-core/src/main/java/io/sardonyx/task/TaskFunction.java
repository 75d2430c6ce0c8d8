package io.sardonyx.task;

import io.sardonyx.api.SegmentFunction;
import io.sardonyx.job.FunctionKind;
import io.sardonyx.job.FunctionRef;
import io.sardonyx.job.Task;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A task's {@code onyx/fn}, resolved: a static method with its {@code onyx/params} (and any
 * {@code onyx.core/params} a lifecycle set) bound in front, a {@link SegmentFunction} instance, or the identity
 * when the task names none. Called from the task's thread only.
 */
public final class TaskFunction {
    private final MethodHandle segmentFn;
    private final SegmentFunction instance;
    private final MethodHandle batchFn;
    private final String name;

    private TaskFunction(final String name, final MethodHandle segmentFn, final SegmentFunction instance,
                         final MethodHandle batchFn) {
        this.name = name;
        this.segmentFn = segmentFn;
        this.instance = instance;
        this.batchFn = batchFn;
    }

    /**
     * Resolves a task's function.
     *
     * @param coreParams values a before-task-start lifecycle put under {@code onyx.core/params}, bound after the
     *                   {@code onyx/params} values
     * @throws UserCodeException naming the function when it cannot be resolved
     */
    public static TaskFunction of(final Task task, final List<Object> coreParams, final UserCode code) {
        final String fn = task.fn().orElse(null);
        if (fn == null) {
            return new TaskFunction(null, null, null, null);
        }
        final List<Object> bound = new ArrayList<>();
        for (final String key : task.params()) {
            bound.add(task.attributes().get(key));
        }
        bound.addAll(coreParams);
        final FunctionRef ref = FunctionRef.parse(fn).orElseThrow(() -> new UserCodeException(
            "task " + task.name() + ": \"" + fn + "\" is not a function reference"));
        if (task.batchFn()) {
            return new TaskFunction(fn, null, null,
                code.method(fn, FunctionKind.BATCH_FN, bound.size() + 1, bound));
        }
        if (ref.method() == null) {
            return new TaskFunction(fn, null, code.instance(fn, FunctionKind.TASK_FN, SegmentFunction.class, bound),
                null);
        }
        return new TaskFunction(fn, code.method(fn, FunctionKind.TASK_FN, bound.size() + 1, bound), null, null);
    }

    /** True when the function takes the whole batch. */
    public boolean batch() {
        return batchFn != null;
    }

    /** True when the task has no function (segments pass through). */
    public boolean identity() {
        return name == null;
    }

    /** Applies the function to one segment: a Map, a List of Maps, or null. */
    public Object apply(final Map<String, Object> segment) throws Throwable {
        if (segmentFn != null) {
            return segmentFn.invoke(segment);
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
    public List<?> applyBatch(final List<Map<String, Object>> batch) throws Throwable {
        final Object out = batchFn.invoke(batch);
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
