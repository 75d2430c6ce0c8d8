package io.sardonyx.log;

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
    private final Set<String> pulses = new HashSet<>();
    private final Map<String, List<Consumer<String>>> watches = new HashMap<>();
    private LogParameters parameters;
    private Origin origin;
    private long next;

    /** An empty log. */
    public InMemoryLog() {
        this.origin = null;
    }

    @Override
    public LogParameters parameters(final LogParameters proposed) {
        lock.lock();
        try {
            if (parameters == null) {
                parameters = proposed;
                origin = new Origin(-1, Replica.empty(proposed));
            }
            return parameters;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long append(final LogCommand command, final String peerParent, final long entryParent) {
        final byte[] bytes = LogEntry.encode(command, peerParent, entryParent);
        lock.lock();
        try {
            final long id = next++;
            entries.put(id, bytes);
            appended.signalAll();
            return id;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<LogEntry> read(final long messageId) {
        lock.lock();
        try {
            final byte[] bytes = entries.get(messageId);
            if (bytes == null) {
                if (origin != null && messageId <= origin.messageId()) {
                    throw new LogGcedException(messageId, origin.messageId());
                }
                return Optional.empty();
            }
            return Optional.of(LogEntry.decode(messageId, 0, bytes));
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            if (origin == null) {
                throw new IllegalStateException("the log has no parameters yet; call parameters() first");
            }
            return origin;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean advanceOrigin(final Origin nextOrigin) {
        lock.lock();
        try {
            if (origin != null && nextOrigin.messageId() <= origin.messageId()) {
                return false;
            }
            origin = nextOrigin;
            appended.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void deleteBefore(final long messageId) {
        lock.lock();
        try {
            entries.keySet().removeIf(id -> id < messageId);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public StoredJob putJob(final StoredJob job) {
        lock.lock();
        try {
            return jobs.computeIfAbsent(job.jobId(), id -> job);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<StoredJob> job(final String jobId) {
        lock.lock();
        try {
            return Optional.ofNullable(jobs.get(jobId));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void registerPulse(final String group) {
        lock.lock();
        try {
            pulses.add(group);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean pulseExists(final String group) {
        lock.lock();
        try {
            return pulses.contains(group);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void watchPulse(final String group, final Consumer<String> onGone) {
        lock.lock();
        final boolean gone;
        try {
            gone = !pulses.contains(group);
            if (!gone) {
                watches.computeIfAbsent(group, g -> new ArrayList<>()).add(onGone);
            }
        } finally {
            lock.unlock();
        }
        if (gone) {
            onGone.accept(group);
        }
    }

    @Override
    public void unwatchPulse(final String group) {
        lock.lock();
        try {
            watches.remove(group);
        } finally {
            lock.unlock();
        }
    }

    /** Removes a group's pulse, as a crash or an expired session would, and fires the watches on it. */
    public void killPulse(final String group) {
        final List<Consumer<String>> fire;
        lock.lock();
        try {
            pulses.remove(group);
            fire = watches.remove(group);
        } finally {
            lock.unlock();
        }
        if (fire != null) {
            fire.forEach(callback -> callback.accept(group));
        }
    }

    /** Entries written in all (including deleted ones). */
    public long size() {
        lock.lock();
        try {
            return next;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        // Nothing is held outside this object.
    }
}
