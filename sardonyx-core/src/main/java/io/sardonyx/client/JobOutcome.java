package io.sardonyx.client;

import io.sardonyx.api.JobStatus;

/**
 * How a job ended.
 *
 * @param jobId  the job
 * @param status {@link JobStatus#COMPLETED} or {@link JobStatus#KILLED}
 * @param reason why it was killed (the exception a peer recorded, or "killed by a user"); empty when completed
 */
public record JobOutcome(String jobId, JobStatus status, String reason) {
    /** True when the job completed; false when it was killed (see the reason). */
    public boolean completed() {
        return status == JobStatus.COMPLETED;
    }
}
