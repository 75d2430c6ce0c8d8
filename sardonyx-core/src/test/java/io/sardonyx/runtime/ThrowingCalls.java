package io.sardonyx.runtime;

import io.sardonyx.api.ExceptionAction;
import io.sardonyx.api.LifecycleCalls;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Onyx's lifecycle_exception_test: throws once in each hook phase named by "test/throw-in"; handle-exception
 * answers restart, except for after-batch where it answers kill.
 */
public final class ThrowingCalls implements LifecycleCalls {
    static final Map<String, AtomicInteger> THROWN = new ConcurrentHashMap<>();

    private static void maybeThrow(final Map<String, Object> lifecycle, final String phase) {
        if (phase.equals(lifecycle.get("test/throw-in"))
            && THROWN.computeIfAbsent(phase, p -> new AtomicInteger()).getAndIncrement() == 0) {
            throw new IllegalStateException("Threw exception in " + phase);
        }
    }

    @Override
    public Map<String, Object> beforeTaskStart(final Map<String, Object> event, final Map<String, Object> lifecycle) {
        maybeThrow(lifecycle, "before-task-start");
        return Map.of();
    }

    @Override
    public Map<String, Object> beforeBatch(final Map<String, Object> event, final Map<String, Object> lifecycle) {
        maybeThrow(lifecycle, "before-batch");
        return Map.of();
    }

    @Override
    public Map<String, Object> afterReadBatch(final Map<String, Object> event, final Map<String, Object> lifecycle) {
        maybeThrow(lifecycle, "after-read-batch");
        return Map.of();
    }

    @Override
    public Map<String, Object> afterBatch(final Map<String, Object> event, final Map<String, Object> lifecycle) {
        maybeThrow(lifecycle, "after-batch");
        return Map.of();
    }

    @Override
    public ExceptionAction handleException(final Map<String, Object> event, final Map<String, Object> lifecycle,
                                           final String phase, final Throwable exception) {
        return "after-batch".equals(phase) ? ExceptionAction.KILL : ExceptionAction.RESTART;
    }
}
