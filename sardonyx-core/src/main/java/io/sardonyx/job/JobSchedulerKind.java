package io.sardonyx.job;

/** How peers are spread across jobs; every peer of a tenancy uses the same one. */
public enum JobSchedulerKind {
    /** The oldest job that can run takes every peer it can use; spare peers go to the next jobs. */
    GREEDY("greedy"),
    /** Peers are split evenly across the jobs that can run, earlier jobs first on ties. */
    BALANCED("balanced"),
    /** Each job gets its {@code percentage} of the cluster. */
    PERCENTAGE("percentage");

    /** The namespace Onyx gives the job schedulers. */
    public static final String NAMESPACE = "onyx.job-scheduler/";
    private final String shortName;

    JobSchedulerKind(final String shortName) {
        this.shortName = shortName;
    }

    /** Onyx's full name. */
    public String key() {
        return NAMESPACE + shortName;
    }

    /** The kind named ({@code "onyx.job-scheduler/greedy"} or {@code "greedy"}), or null. */
    public static JobSchedulerKind fromKey(final Object value) {
        if (!(value instanceof String s)) {
            return null;
        }
        final String bare = s.startsWith(NAMESPACE) ? s.substring(NAMESPACE.length()) : s;
        for (final JobSchedulerKind kind : values()) {
            if (kind.shortName.equals(bare)) {
                return kind;
            }
        }
        return null;
    }
}
