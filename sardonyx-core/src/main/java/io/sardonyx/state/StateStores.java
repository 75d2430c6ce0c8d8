package io.sardonyx.state;

import java.nio.file.Path;
import java.util.List;

/** The kinds of state store a task may choose, by the names jobs use. */
public final class StateStores {
    /** On the heap (the default). */
    public static final String MEMORY = "memory";
    /** In RocksDB, on local disk. */
    public static final String ROCKSDB = "rocksdb";
    /** Every name. */
    public static final List<String> NAMES = List.of(MEMORY, ROCKSDB);

    private StateStores() {
    }

    /** The store a task chose: its own onyx/state-store, else the job's onyx.peer/state-store-impl, else memory. */
    public static String kind(final io.sardonyx.job.Job job, final io.sardonyx.job.Task task) {
        final Object own = task.get(io.sardonyx.job.Task.STATE_STORE);
        if (own instanceof String s) {
            return s;
        }
        return job.jobConfig().get(io.sardonyx.job.Job.STATE_STORE_IMPL) instanceof String s ? s : MEMORY;
    }

    /**
     * Opens a store of the named kind.
     *
     * @param windows how many windows the task has
     * @param scratch where a disk store may keep its files
     */
    public static StateStore open(final String kind, final int windows, final Path scratch) {
        if (ROCKSDB.equals(kind)) {
            return new RocksDbStateStore(scratch);
        }
        if (MEMORY.equals(kind)) {
            return new MemoryStateStore(windows);
        }
        throw new IllegalArgumentException("unknown state store \"" + kind + "\"; use one of " + NAMES);
    }
}
