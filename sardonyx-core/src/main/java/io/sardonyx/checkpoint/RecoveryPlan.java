package io.sardonyx.checkpoint;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where each task of a job starts from at a new allocation: the job's own latest whole checkpoint, or, for a job
 * that has none yet, the resume point's sources for the tasks it names (the others start fresh).
 *
 * @param checkpoint the job's own checkpoint to recover from, or null
 * @param resume     task → where its state comes from, when the job has no checkpoint of its own
 */
public record RecoveryPlan(Coordinate checkpoint, Map<String, ResumeSource> resume) {
    public static final RecoveryPlan FRESH = new RecoveryPlan(null, Map.of());

    public RecoveryPlan {
        resume = java.util.Collections.unmodifiableMap(new TreeMap<>(resume));
    }
}
