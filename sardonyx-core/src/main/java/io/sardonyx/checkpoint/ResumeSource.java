package io.sardonyx.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a task of a new job takes its starting state from (a resume point): one task's blobs in another job's
 * complete checkpoint.
 *
 * @param jobId   the earlier job
 * @param task    its task whose state is taken
 * @param version the checkpoint's allocation version
 * @param epoch   the checkpoint's epoch
 * @param slots   how many peers (slots) wrote the task's state
 */
public record ResumeSource(String jobId, String task, long version, long epoch, int slots) {
    /** The blob of one slot. */
    public BlobKey blob(final int slot) {
        return new BlobKey(jobId, version, epoch, task, slot);
    }

    public Map<String, Object> toJson() {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("job-id", jobId);
        out.put("task", task);
        out.put("version", version);
        out.put("epoch", epoch);
        out.put("slots", (long) slots);
        return out;
    }

    /**
     * @throws IllegalArgumentException naming what is missing or mistyped
     */
    public static ResumeSource fromJson(final Object json) {
        if (!(json instanceof Map<?, ?> map) || !(map.get("job-id") instanceof String job)
            || !(map.get("task") instanceof String task) || !(map.get("version") instanceof Long version)
            || !(map.get("epoch") instanceof Long epoch) || !(map.get("slots") instanceof Long slots)) {
            throw new IllegalArgumentException("a resume source needs \"job-id\", \"task\", \"version\", \"epoch\" and "
                + "\"slots\"; got " + json);
        }
        return new ResumeSource(job, task, version, epoch, slots.intValue());
    }
}
