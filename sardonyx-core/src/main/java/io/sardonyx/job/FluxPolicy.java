package io.sardonyx.job;

/**
 * What a grouped task does when its peers change ({@code "onyx/flux-policy"}). Grouped and window state is split into
 * key groups and moves with them, so every policy but kill goes on from the last checkpoint on the new peers.
 */
public enum FluxPolicy {
    /** Kill the job when the task loses a peer: for state that must never move. Needs min-peers or n-peers. */
    KILL("kill"),
    /**
     * Go on with the peers that remain (their state restored from the last checkpoint, the lost peer's key groups
     * spread over them); no new peers join the task once it is allocated.
     */
    CONTINUE("continue"),
    /**
     * Follow the cluster: go on with fewer peers when one is lost (down to min-peers) and take more again as peers
     * join (up to max-peers), state redistributed from the last checkpoint each time.
     */
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
