package io.sardonyx.client;

import io.sardonyx.threads.DaemonThreads;
import io.sardonyx.log.store.LogCursor;
import io.sardonyx.log.store.LogStore;
import io.sardonyx.log.Replica;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a tenancy's log on its own thread without joining the cluster, keeping the latest replica, so callers
 * can wait for a condition on it (a job completing) without polling ZooKeeper themselves.
 */
final class ReplicaFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaFollower.class);
    private final Thread thread;
    private final Object changed = new Object();
    private final LogCursor cursor;
    private volatile boolean stopping;

    ReplicaFollower(final LogStore store) {
        this.cursor = new LogCursor(store);
        this.thread = DaemonThreads.thread("sardonyx-replica-follower", this::follow);
        thread.start();
    }

    Replica replica() {
        return cursor.replica();
    }

    private void follow() {
        while (!stopping) {
            try {
                if (cursor.await(250) != LogCursor.Step.NONE) {
                    update();
                }
            } catch (final InterruptedException e) {
                return;
            } catch (final RuntimeException e) {
                if (stopping) {
                    return;
                }
                LOG.warn("could not read the log at entry {} (retrying): {}", cursor.next(), e.getMessage());
                try {
                    TimeUnit.MILLISECONDS.sleep(500);
                } catch (final InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void update() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /**
     * Waits until the replica satisfies the condition.
     *
     * @return the replica that did, or null on timeout
     */
    Replica await(final Predicate<Replica> condition, final long timeoutMs) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (changed) {
            while (true) {
                final Replica now = cursor.replica();
                if (condition.test(now)) {
                    return now;
                }
                final long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (leftMs <= 0) {
                    return null;
                }
                changed.wait(Math.min(leftMs, 250));
            }
        }
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
