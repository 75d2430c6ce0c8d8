package io.sardonyx.job;

/**
 * A job's state is split into a fixed number of key groups (its maximum parallelism, as Flink has it), so it can
 * move between peers when a task's peer count changes. A group key hashes to one key group for the life of the job;
 * a task of n peers gives each slot a contiguous range of key groups, so a slot's share is known from (slot, n)
 * alone and a checkpoint taken by m peers is redistributed over n by ranges. Input plugins split their data the same
 * way (a line or element index modulo the key groups), so their offsets move too. Pure.
 */
public final class KeyGroups {
    /** The job-config key that sets the number of key groups. */
    public static final String JOB_CONFIG_KEY = "sardonyx/max-parallelism";
    /** Key groups when the job does not say: as Flink's default maximum parallelism for small jobs. */
    public static final int DEFAULT = 128;
    /** The most key groups a job may have. */
    public static final int MAX = 32_768;

    private KeyGroups() {
    }

    /** The key group of a hash. */
    public static int of(final int hash, final int groups) {
        return Math.floorMod(hash, groups);
    }

    /** The slot (0..peers-1) that owns a key group when the task has that many peers. */
    public static int slot(final int keyGroup, final int peers, final int groups) {
        return (int) ((long) keyGroup * peers / groups);
    }

    /** The first key group a slot owns (inclusive). */
    public static int first(final int slot, final int peers, final int groups) {
        return (int) (((long) slot * groups + peers - 1) / peers);
    }

    /** The key group after the last one a slot owns (exclusive); equal to {@link #first} when it owns none. */
    public static int end(final int slot, final int peers, final int groups) {
        return first(slot + 1, peers, groups);
    }

    /** True when a slot of one peer count and a slot of another share at least one key group. */
    public static boolean overlap(final int slotA, final int peersA, final int slotB, final int peersB,
                                  final int groups) {
        return Math.max(first(slotA, peersA, groups), first(slotB, peersB, groups))
            < Math.min(end(slotA, peersA, groups), end(slotB, peersB, groups));
    }
}
