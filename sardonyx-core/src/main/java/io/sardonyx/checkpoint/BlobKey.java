package io.sardonyx.checkpoint;

/**
 * Where one peer's state of one checkpoint lives.
 *
 * @param jobId   the job
 * @param version the job's allocation version when the checkpoint was taken
 * @param epoch   the barrier epoch
 * @param task    the task
 * @param slot    the peer's slot on the task
 */
public record BlobKey(String jobId, long version, long epoch, String task, int slot) {
    @Override
    public String toString() {
        return jobId + "/" + version + "-" + epoch + "/" + task + "/" + slot;
    }
}
