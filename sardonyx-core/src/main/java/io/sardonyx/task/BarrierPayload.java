package io.sardonyx.task;

import io.sardonyx.checkpoint.Coordinate;
import io.sardonyx.checkpoint.RecoveryPlan;
import io.sardonyx.checkpoint.ResumeSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the first barrier of an allocation version carries through the job: the checkpoint every task recovers from,
 * or word that the job starts fresh, with the resume point's sources for the tasks of a job that has no checkpoint
 * of its own. Later barriers carry nothing. Pure.
 */
final class BarrierPayload {
    private static final String RECOVER = "recover";
    private static final String RESUME = "resume";
    private static final String FRESH = "fresh";
    private static final String WATERMARK = "watermark";

    private BarrierPayload() {
    }

    /** The payload of a version's first barrier. */
    static List<Map<String, Object>> of(final RecoveryPlan plan) {
        final Map<String, Object> payload = new HashMap<>();
        payload.put(RECOVER, plan.checkpoint() == null ? FRESH : plan.checkpoint().toJson());
        if (!plan.resume().isEmpty()) {
            final Map<String, Object> resume = new HashMap<>();
            plan.resume().forEach((task, source) -> resume.put(task, source.toJson()));
            payload.put(RESUME, resume);
        }
        return List.of(payload);
    }

    /** The payload naming a checkpoint (or a fresh start, for null). */
    static List<Map<String, Object>> of(final Coordinate checkpoint) {
        return of(new RecoveryPlan(checkpoint, Map.of()));
    }

    /** The payload with the sender's watermark added (unchanged when it has none). */
    static List<Map<String, Object>> withWatermark(final List<Map<String, Object>> payload, final long watermark) {
        if (watermark == Long.MIN_VALUE) {
            return payload;
        }
        final Map<String, Object> first = payload.isEmpty() ? new HashMap<>(2) : new HashMap<>(payload.get(0));
        first.put(WATERMARK, watermark);
        return List.of(first);
    }

    /** The watermark a barrier carries, or Long.MIN_VALUE. */
    static long watermark(final List<Map<String, Object>> payload) {
        return !payload.isEmpty() && payload.get(0).get(WATERMARK) instanceof Long w ? w : Long.MIN_VALUE;
    }

    /** True when the barrier tells its receivers where to recover from (the version's first). */
    static boolean recovers(final List<Map<String, Object>> payload) {
        return !payload.isEmpty() && payload.get(0).containsKey(RECOVER);
    }

    /**
     * The checkpoint a first barrier names, or null for a fresh start.
     *
     * @throws IllegalArgumentException when the payload is malformed
     */
    static Coordinate checkpoint(final List<Map<String, Object>> payload) {
        final Object recover = payload.get(0).get(RECOVER);
        return FRESH.equals(recover) ? null : Coordinate.fromJson(recover);
    }

    /** Where a task's state comes from under the job's resume point, or null. */
    static ResumeSource resume(final List<Map<String, Object>> payload, final String task) {
        if (payload.isEmpty() || !(payload.get(0).get(RESUME) instanceof Map<?, ?> resume)
            || !resume.containsKey(task)) {
            return null;
        }
        return ResumeSource.fromJson(resume.get(task));
    }
}
