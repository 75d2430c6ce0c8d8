package io.sardonyx.api;

import java.util.Map;

/**
 * Hooks run at fixed points of a task's life, named by a lifecycle's {@code "lifecycle/calls"}. Implement only
 * the hooks you need; the defaults do nothing. The class needs a public no-argument constructor; one instance
 * is made per task and called from that task's thread only.
 *
 * <p>Each hook receives the task event (a map describing the task, its batch and anything earlier hooks
 * returned) and the lifecycle entry itself (so hooks can read their own keys). A hook returns a map merged into
 * the event, or an empty map.
 */
public interface LifecycleCalls {
    /** Whether the task may start now; when false the peer asks again after a back-off. */
    default boolean startTask(final Map<String, Object> event, final Map<String, Object> lifecycle) {
        return true;
    }

    /** Once, before the task reads its first batch: open connections, add parameters. */
    default Map<String, Object> beforeTaskStart(final Map<String, Object> event, final Map<String, Object> lifecycle) {
        return Map.of();
    }

    /** Before each batch is read. */
    default Map<String, Object> beforeBatch(final Map<String, Object> event, final Map<String, Object> lifecycle) {
        return Map.of();
    }

    /** After each batch is read, before the function runs. */
    default Map<String, Object> afterReadBatch(final Map<String, Object> event, final Map<String, Object> lifecycle) {
        return Map.of();
    }

    /** After the function has run over the batch. */
    default Map<String, Object> afterApplyFn(final Map<String, Object> event, final Map<String, Object> lifecycle) {
        return Map.of();
    }

    /** After the batch has been written downstream. */
    default Map<String, Object> afterBatch(final Map<String, Object> event, final Map<String, Object> lifecycle) {
        return Map.of();
    }

    /** When the peer leaves the task; the event says why. */
    default Map<String, Object> afterTaskStop(final Map<String, Object> event, final Map<String, Object> lifecycle) {
        return Map.of();
    }

    /**
     * Decides what happens after an exception in any phase but after-task-stop. Every lifecycle of the task is
     * asked; the first answer that is not {@link ExceptionAction#DEFER} wins.
     *
     * @param phase the hook or stage that threw, e.g. {@code "after-batch"} or {@code "apply-fn"}
     */
    default ExceptionAction handleException(final Map<String, Object> event, final Map<String, Object> lifecycle,
                                            final String phase, final Throwable exception) {
        return ExceptionAction.DEFER;
    }
}
