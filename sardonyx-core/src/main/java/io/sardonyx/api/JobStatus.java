package io.sardonyx.api;

import io.sardonyx.log.Replica;

/** Where a job stands, read from the replica. */
public enum JobStatus {
    /** Submitted; not every task has peers yet. */
    WAITING,
    /** Every task has peers. */
    RUNNING,
    /** Every input was exhausted and every output finished. */
    COMPLETED,
    /** Killed by a user or by an exception. */
    KILLED,
    /** The replica does not know it (never submitted, or forgotten by a gc). */
    UNKNOWN;

    /** The status of a job in a replica. */
    public static JobStatus of(final Replica replica, final String jobId) {
        if (replica.jobs().completed().contains(jobId)) {
            return COMPLETED;
        }
        if (replica.jobs().killed().contains(jobId)) {
            return KILLED;
        }
        if (replica.jobs().active().contains(jobId)) {
            return replica.allocations().allocated(jobId) ? RUNNING : WAITING;
        }
        return UNKNOWN;
    }

    /** True for completed and killed. */
    public boolean finished() {
        return this == COMPLETED || this == KILLED;
    }
}
