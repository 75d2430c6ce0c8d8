package io.sardonyx.log;

/**
 * The cluster as every peer sees it after applying the log up to {@link #version}: membership, jobs and who
 * runs what. Immutable; two peers that applied the same entries hold equal replicas.
 *
 * @param version     the message id of the last entry applied (-1 for the empty log)
 * @param parameters  the tenancy's shared settings
 * @param membership  groups, peers, the ring
 * @param jobs        submitted jobs
 * @param allocations who runs what
 */
public record Replica(long version, LogParameters parameters, Membership membership, JobRegistry jobs,
                      Allocations allocations) {
    /** The replica of an empty log with the given parameters. */
    public static Replica empty(final LogParameters parameters) {
        return new Replica(-1, parameters, Membership.EMPTY, JobRegistry.EMPTY, Allocations.EMPTY);
    }

    public Replica withVersion(final long newVersion) {
        return new Replica(newVersion, parameters, membership, jobs, allocations);
    }

    public Replica withMembership(final Membership newMembership) {
        return new Replica(version, parameters, newMembership, jobs, allocations);
    }

    public Replica withJobs(final JobRegistry newJobs) {
        return new Replica(version, parameters, membership, newJobs, allocations);
    }

    public Replica withAllocations(final Allocations newAllocations) {
        return new Replica(version, parameters, membership, jobs, newAllocations);
    }

    /** Where a job stands in this replica. */
    public io.sardonyx.api.JobStatus status(final String jobId) {
        if (jobs().completed().contains(jobId)) {
            return io.sardonyx.api.JobStatus.COMPLETED;
        }
        if (jobs().killed().contains(jobId)) {
            return io.sardonyx.api.JobStatus.KILLED;
        }
        if (jobs().active().contains(jobId)) {
            return allocations().allocated(jobId) ? io.sardonyx.api.JobStatus.RUNNING
                : io.sardonyx.api.JobStatus.WAITING;
        }
        return io.sardonyx.api.JobStatus.UNKNOWN;
    }
}
