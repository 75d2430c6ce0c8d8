package io.sardonyx.task;

import io.sardonyx.checkpoint.Coordinate;
import java.util.List;
import java.util.Map;

/**
 * What the first barrier of an allocation version carries through the job: the checkpoint every task recovers from,
 * or word that the job starts fresh. Later barriers carry nothing. Pure.
 */
final class BarrierPayload {
    private static final String RECOVER = "recover";
    private static final String FRESH = "fresh";

    private BarrierPayload() {
    }

    /** The payload of a version's first barrier: the checkpoint to recover from, or null for a fresh start. */
    static List<Map<String, Object>> of(final Coordinate checkpoint) {
        return List.of(Map.of(RECOVER, checkpoint == null ? FRESH : checkpoint.toJson()));
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
}
