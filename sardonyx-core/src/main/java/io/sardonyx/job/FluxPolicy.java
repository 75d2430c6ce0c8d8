package io.sardonyx.job;

/** What a grouped task does when it loses a peer ({@code "onyx/flux-policy"}). */
public enum FluxPolicy {
    /** Kill the job: a key's state must never move. Needs a fixed peer count. */
    KILL("kill"),
    /** Keep running on the remaining peers; no new peers join the task once it is allocated. */
    CONTINUE("continue"),
    /** Refill the task up to its peer count and recover its state. Needs min-peers equal to max-peers. */
    RECOVER("recover");

    private final String key;

    FluxPolicy(final String key) {
        this.key = key;
    }

    /** The value written in the job file. */
    public String key() {
        return key;
    }

    /** The policy a job file names, or null when it names none of them. */
    public static FluxPolicy fromKey(final Object value) {
        for (final FluxPolicy policy : values()) {
            if (policy.key.equals(value)) {
                return policy;
            }
        }
        return null;
    }
}
