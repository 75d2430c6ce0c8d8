package io.sardonyx.api;

/** Where a job stands, as the cluster's replica of the log says ({@code Replica.status}). */
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

    /** True for completed and killed. */
    public boolean finished() {
        return this == COMPLETED || this == KILLED;
    }
}
