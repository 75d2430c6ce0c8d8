package io.sardonyx.runtime;

import io.sardonyx.api.ExceptionAction;
import io.sardonyx.api.LifecycleCalls;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every lifecycle call, per job, task and peer ({@code "job task@peer"}), in call order; and the keys each
 * grouped peer saw.
 */
public final class RecordingCalls implements LifecycleCalls {
    static final Map<String, List<String>> CALLS = new ConcurrentHashMap<>();
    static final Map<Object, java.util.Set<String>> KEY_PEERS = new ConcurrentHashMap<>();

    private static void record(final Map<String, Object> event, final String call) {
        CALLS.computeIfAbsent(event.get("onyx.core/job-id") + " " + event.get("onyx.core/task") + "@"
                + event.get("onyx.core/id"),
            k -> new CopyOnWriteArrayList<>()).add(call);
    }

    @Override
    public boolean startTask(final Map<String, Object> event, final Map<String, Object> lifecycle) {
        record(event, "start-task?");
        return true;
    }

    @Override
    public Map<String, Object> beforeTaskStart(final Map<String, Object> event, final Map<String, Object> lifecycle) {
        record(event, "before-task-start");
        return Map.of("test/started", true);
    }

    @Override
    public Map<String, Object> beforeBatch(final Map<String, Object> event, final Map<String, Object> lifecycle) {
        record(event, "before-batch");
        return Map.of();
    }

    @Override
    public Map<String, Object> afterReadBatch(final Map<String, Object> event, final Map<String, Object> lifecycle) {
        record(event, "after-read-batch");
        return Map.of();
    }

    @Override
    public Map<String, Object> afterApplyFn(final Map<String, Object> event, final Map<String, Object> lifecycle) {
        record(event, "after-apply-fn");
        return Map.of();
    }

    @Override
    public Map<String, Object> afterBatch(final Map<String, Object> event, final Map<String, Object> lifecycle) {
        record(event, "after-batch");
        if (lifecycle.get("test/group-key") instanceof String key
            && event.get("onyx.core/batch") instanceof List<?> b) {
            for (final Object segment : b) {
                KEY_PEERS.computeIfAbsent(((Map<?, ?>) segment).get(key), k -> ConcurrentHashMap.newKeySet())
                    .add((String) event.get("onyx.core/id"));
            }
        }
        return Map.of();
    }

    @Override
    public Map<String, Object> afterTaskStop(final Map<String, Object> event, final Map<String, Object> lifecycle) {
        record(event, "after-task-stop:" + event.get("onyx.core/scheduler-event"));
        return Map.of();
    }

    @Override
    public ExceptionAction handleException(final Map<String, Object> event, final Map<String, Object> lifecycle,
                                           final String phase, final Throwable exception) {
        record(event, "handle-exception:" + phase);
        return ExceptionAction.DEFER;
    }
}
