package io.sardonyx.log.store;

import io.sardonyx.log.LogParameters;
import io.sardonyx.log.Origin;
import io.sardonyx.log.Replica;
import io.sardonyx.log.StoredJob;
import io.sardonyx.log.command.LogCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A log in this process, for tests and embedded use: the same contract as {@link ZooKeeperLog}, entries encoded
 * and decoded exactly as stored there. Pulses are registered per group and removed with {@link #killPulse}.
 */
public final class InMemoryLog implements LogStore {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final Map<Long, byte[]> entries = new HashMap<>();
    private final Map<String, StoredJob> jobs = new HashMap<>();
    private final Map<String, java.util.SortedMap<String, byte[]>> jobData = new HashMap<>();
    private final Map<String, Integer> jobDataVersions = new HashMap<>();
    private final Set<String> pulses = new HashSet<>();
    /** Watches by session (each peer group holds its own, as each holds its own ZooKeeper session). */
    private final Map<Object, Map<String, List<Consumer<String>>>> watches = new HashMap<>();
    private LogParameters parameters;
    private Origin origin;
    private long next;

    /** Runs the body holding the lock. */
    private <T> T locked(final java.util.function.Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    /** An empty log. */
    public InMemoryLog() {
        this.origin = null;
    }

    @Override
    public LogParameters parameters(final LogParameters proposed) {
        return locked(() -> {
            if (parameters == null) {
                parameters = proposed;
                origin = new Origin(-1, Replica.empty(proposed));
            } else if (parameters.checkpointStorage() == null && proposed.checkpointStorage() != null) {
                parameters = parameters.withCheckpointStorage(proposed.checkpointStorage());
            }
            return parameters;
        });
    }

    @Override
    public Optional<LogParameters> storedParameters() {
        return locked(() -> Optional.ofNullable(parameters));
    }

    @Override
    public long append(final LogCommand command, final String peerParent, final long entryParent) {
        final byte[] bytes = LogEntry.encode(command, peerParent, entryParent);
        return locked(() -> {
            final long id = next++;
            entries.put(id, bytes);
            appended.signalAll();
            return id;
        });
    }

    @Override
    public Optional<LogEntry> read(final long messageId) {
        return locked(() -> {
            final byte[] bytes = entries.get(messageId);
            if (bytes == null) {
                if (origin != null && messageId <= origin.messageId()) {
                    throw new LogGcedException(messageId, origin.messageId());
                }
                return Optional.empty();
            }
            return Optional.of(LogEntry.decode(messageId, 0, bytes));
        });
    }

    @Override
    public Optional<LogEntry> await(final long messageId, final long timeoutMs) throws InterruptedException {
        long leftNs = timeoutMs * 1_000_000L;
        lock.lock();
        try {
            while (!entries.containsKey(messageId) && (origin == null || messageId > origin.messageId())) {
                if (leftNs <= 0) {
                    return Optional.empty();
                }
                leftNs = appended.awaitNanos(leftNs);
            }
            return read(messageId);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Origin origin() {
        return locked(() -> {
            if (origin == null) {
                throw new IllegalStateException("the log has no parameters yet; call parameters() first");
            }
            return origin;
        });
    }

    @Override
    public boolean advanceOrigin(final Origin nextOrigin) {
        return locked(() -> {
            if (origin != null && nextOrigin.messageId() <= origin.messageId()) {
                return false;
            }
            origin = nextOrigin;
            appended.signalAll();
            return true;
        });
    }

    @Override
    public void deleteBefore(final long messageId) {
        locked(() -> {
            entries.keySet().removeIf(id -> id < messageId);
            return null;
        });
    }

    @Override
    public StoredJob putJob(final StoredJob job) {
        return locked(() -> jobs.computeIfAbsent(job.jobId(), id -> job));
    }

    @Override
    public Optional<StoredJob> job(final String jobId) {
        return locked(() -> Optional.ofNullable(jobs.get(jobId)));
    }

    @Override
    public void putJobData(final String jobId, final String name, final byte[] data) {
        LogStore.checkJobData(jobId, name, data);
        locked(() -> {
            jobDataVersions.merge(jobId + "/" + name, 1, Integer::sum);
            return jobData.computeIfAbsent(jobId, id -> new java.util.TreeMap<>()).put(name, data.clone());
        });
    }

    @Override
    public Versioned jobDataVersioned(final String jobId, final String name) {
        return locked(() -> {
            final byte[] data = jobData.getOrDefault(jobId, new java.util.TreeMap<>()).get(name);
            return data == null ? Versioned.ABSENT
                : new Versioned(data.clone(), jobDataVersions.getOrDefault(jobId + "/" + name, 0) - 1);
        });
    }

    @Override
    public boolean compareAndSetJobData(final String jobId, final String name, final byte[] data,
                                        final int expectedVersion) {
        LogStore.checkJobData(jobId, name, data);
        return locked(() -> {
            final int current = jobData.getOrDefault(jobId, new java.util.TreeMap<>()).containsKey(name)
                ? jobDataVersions.getOrDefault(jobId + "/" + name, 0) - 1 : -1;
            if (current != expectedVersion) {
                return false;
            }
            jobDataVersions.merge(jobId + "/" + name, 1, Integer::sum);
            jobData.computeIfAbsent(jobId, id -> new java.util.TreeMap<>()).put(name, data.clone());
            return true;
        });
    }

    @Override
    public java.util.SortedMap<String, byte[]> jobData(final String jobId, final String prefix) {
        return locked(() -> {
            final java.util.SortedMap<String, byte[]> out = new java.util.TreeMap<>();
            jobData.getOrDefault(jobId, new java.util.TreeMap<>()).forEach((name, data) -> {
                if (name.startsWith(prefix)) {
                    out.put(name, data.clone());
                }
            });
            return out;
        });
    }

    @Override
    public void registerPulse(final String group) {
        locked(() -> {
            pulses.add(group);
            return null;
        });
    }

    @Override
    public void removePulse(final String group) {
        killPulse(group);
    }

    @Override
    public boolean pulseExists(final String group) {
        return locked(() -> pulses.contains(group));
    }

    @Override
    public void watchPulse(final String group, final Consumer<String> onGone) {
        watchPulse(this, group, onGone);
    }

    private void watchPulse(final Object session, final String group, final Consumer<String> onGone) {
        final boolean gone = locked(() -> {
            if (!pulses.contains(group)) {
                return true;
            }
            watches.computeIfAbsent(session, s -> new HashMap<>())
                .computeIfAbsent(group, g -> new ArrayList<>()).add(onGone);
            return false;
        });
        if (gone) {
            onGone.accept(group);
        }
    }

    @Override
    public void unwatchPulse(final String group) {
        unwatchPulse(this, group);
    }

    private void unwatchPulse(final Object session, final String group) {
        locked(() -> {
            watches.getOrDefault(session, new HashMap<>()).remove(group);
            return null;
        });
    }

    /**
     * A view of this log with its own watches, as a second ZooKeeper session would have: give each peer group in
     * the process its own, so one group's unwatch does not cancel another's watch.
     */
    public LogStore session() {
        final Object session = new Object();
        return new LogStore() {
            @Override
            public LogParameters parameters(final LogParameters proposed) {
                return InMemoryLog.this.parameters(proposed);
            }

            @Override
            public Optional<LogParameters> storedParameters() {
                return InMemoryLog.this.storedParameters();
            }

            @Override
            public long append(final LogCommand command, final String peerParent, final long entryParent) {
                return InMemoryLog.this.append(command, peerParent, entryParent);
            }

            @Override
            public Optional<LogEntry> read(final long messageId) {
                return InMemoryLog.this.read(messageId);
            }

            @Override
            public Optional<LogEntry> await(final long messageId, final long timeoutMs) throws InterruptedException {
                return InMemoryLog.this.await(messageId, timeoutMs);
            }

            @Override
            public Origin origin() {
                return InMemoryLog.this.origin();
            }

            @Override
            public boolean advanceOrigin(final Origin next) {
                return InMemoryLog.this.advanceOrigin(next);
            }

            @Override
            public void deleteBefore(final long messageId) {
                InMemoryLog.this.deleteBefore(messageId);
            }

            @Override
            public StoredJob putJob(final StoredJob job) {
                return InMemoryLog.this.putJob(job);
            }

            @Override
            public Optional<StoredJob> job(final String jobId) {
                return InMemoryLog.this.job(jobId);
            }

            @Override
            public void putJobData(final String jobId, final String name, final byte[] data) {
                InMemoryLog.this.putJobData(jobId, name, data);
            }

            @Override
            public java.util.SortedMap<String, byte[]> jobData(final String jobId, final String prefix) {
                return InMemoryLog.this.jobData(jobId, prefix);
            }

            @Override
            public Versioned jobDataVersioned(final String jobId, final String name) {
                return InMemoryLog.this.jobDataVersioned(jobId, name);
            }

            @Override
            public boolean compareAndSetJobData(final String jobId, final String name, final byte[] data,
                                                final int expectedVersion) {
                return InMemoryLog.this.compareAndSetJobData(jobId, name, data, expectedVersion);
            }

            @Override
            public void registerPulse(final String group) {
                InMemoryLog.this.registerPulse(group);
            }

            @Override
            public void removePulse(final String group) {
                InMemoryLog.this.removePulse(group);
            }

            @Override
            public boolean pulseExists(final String group) {
                return InMemoryLog.this.pulseExists(group);
            }

            @Override
            public void watchPulse(final String group, final Consumer<String> onGone) {
                InMemoryLog.this.watchPulse(session, group, onGone);
            }

            @Override
            public void unwatchPulse(final String group) {
                InMemoryLog.this.unwatchPulse(session, group);
            }

            @Override
            public void close() {
                locked(() -> {
                    watches.remove(session);
                    return null;
                });
            }
        };
    }

    /** Removes a group's pulse, as a crash or an expired session would, and fires every watch on it. */
    public void killPulse(final String group) {
        final List<Consumer<String>> fire = new ArrayList<>();
        locked(() -> {
            pulses.remove(group);
            for (final Map<String, List<Consumer<String>>> perSession : watches.values()) {
                final List<Consumer<String>> callbacks = perSession.remove(group);
                if (callbacks != null) {
                    fire.addAll(callbacks);
                }
            }
            return null;
        });
        fire.forEach(callback -> callback.accept(group));
    }

    /** Entries written in all (including deleted ones). */
    public long size() {
        return locked(() -> next);
    }

    @Override
    public void close() {
        // Nothing is held outside this object.
    }
}
