package io.sardonyx.dashboard;

import io.sardonyx.threads.DaemonThreads;
import io.sardonyx.log.store.JobData;
import io.sardonyx.checkpoint.CheckpointRecord;
import io.sardonyx.checkpoint.Checkpoints;
import io.sardonyx.checkpoint.Coordinate;
import io.sardonyx.log.store.LogCursor;
import io.sardonyx.log.store.LogStore;
import io.sardonyx.log.Replica;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one tenancy's log on its own thread into a {@link History}, and tells every subscriber each step as it
 * happens: first a hello with the origin and every step so far, then one message per entry, a message per
 * checkpoint completed (read beside the log), and whether ZooKeeper answers.
 */
final class TenancyFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TenancyFeed.class);

    private final String tenancy;
    private final LogStore store;
    private final Thread thread;
    private final java.util.function.BooleanSupplier connected;
    /** The one thread that sends to this feed's pages, in order (a page's socket takes one send at a time). */
    private final java.util.concurrent.ExecutorService sender = java.util.concurrent.Executors.newSingleThreadExecutor(
        DaemonThreads.factory("sardonyx-dashboard-send"));
    private final List<Consumer<Map<String, Object>>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> checkpointVersions = new HashMap<>();
    private History history;
    /** Where the feed is in the log; moved by the feed's thread only. */
    private final LogCursor cursor;
    private volatile boolean up = true;
    private volatile boolean stopping;
    private long checkedCheckpointsNs;

    TenancyFeed(final String tenancy, final LogStore store, final java.util.function.BooleanSupplier connected) {
        this.tenancy = tenancy;
        this.store = store;
        this.connected = connected;
        this.cursor = new LogCursor(store);
        this.history = new History(cursor.origin());
        this.thread = DaemonThreads.thread("sardonyx-dashboard-" + tenancy, this::follow);
        thread.start();
    }

    /** Subscribes: the listener first receives the whole history, then each step as it comes. */
    synchronized void subscribe(final Consumer<Map<String, Object>> listener) {
        final Map<String, Object> hello = new LinkedHashMap<>();
        hello.put("type", "hello");
        hello.put("tenancy", tenancy);
        hello.put("origin", history.origin());
        hello.put("steps", new ArrayList<>(history.steps()));
        hello.put("zookeeper", up);
        sender.execute(() -> {
            listener.accept(hello);
            listeners.add(listener);
        });
    }

    void unsubscribe(final Consumer<Map<String, Object>> listener) {
        listeners.remove(listener);
    }

    /** The replica as of a position (0: the origin). */
    synchronized Replica replicaAt(final int position) {
        return history.replicaAt(position);
    }

    synchronized int size() {
        return history.size();
    }

    /** Every entry so far, as the raw log table shows them. */
    synchronized List<Object> entries() {
        final List<Object> out = new ArrayList<>();
        history.steps().forEach(s -> out.add(s.get("entry")));
        return out;
    }

    LogStore store() {
        return store;
    }

    /** Queues a message for every page; callers hold the lock, so messages keep the history's order. */
    private void broadcast(final Map<String, Object> message) {
        sender.execute(() -> {
            for (final Consumer<Map<String, Object>> listener : listeners) {
                try {
                    listener.accept(message);
                } catch (final RuntimeException e) {
                    LOG.debug("tenancy {}: a page went away: {}", tenancy, e.getMessage());
                    listeners.remove(listener);
                }
            }
        });
    }

    private void follow() {
        while (!stopping) {
            if (!connected.getAsBoolean()) {
                // The connection says ZooKeeper is gone: say so at once, and wait rather than block in retries.
                zookeeper(false);
                pause(250);
                continue;
            }
            try {
                final LogCursor.Step step = cursor.await(250);
                zookeeper(true);
                if (step instanceof LogCursor.Applied applied) {
                    synchronized (this) {
                        final Map<String, Object> message = new LinkedHashMap<>();
                        message.put("type", "step");
                        message.put("step", withExceptions(history.apply(applied.transition())));
                        broadcast(message);
                    }
                } else if (step instanceof LogCursor.Reset reset) {
                    synchronized (this) {
                        history = new History(reset.origin());
                        broadcast(Map.of("type", "reset"));
                    }
                }
                checkpoints();
            } catch (final InterruptedException e) {
                return;
            } catch (final RuntimeException e) {
                if (stopping) {
                    return;
                }
                LOG.debug("tenancy {}: cannot read the log at entry {}: {}", tenancy, cursor.next(), e.getMessage());
                zookeeper(false);
                pause(1_000);
            }
        }
    }

    /** A killed job's events carry the exception that killed it, read beside the log. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> withExceptions(final Map<String, Object> step) {
        for (final Map<String, Object> event : (List<Map<String, Object>>) step.get("events")) {
            if ("job-killed".equals(event.get("kind"))) {
                JobData.exception(store, (String) event.get("job")).ifPresent(text -> {
                    event.put("exception", text);
                    event.put("text", event.get("text") + ": " + text);
                });
            }
        }
        return step;
    }

    /** ZooKeeper answers again, or stopped answering: every page is told once. Any thread. */
    synchronized void zookeeper(final boolean answering) {
        if (up != answering) {
            up = answering;
            final Map<String, Object> message = new LinkedHashMap<>();
            message.put("type", "zookeeper");
            message.put("up", answering);
            broadcast(message);
        }
    }

    /** Looks beside the log, at most once a second, for checkpoints completed since the last look. */
    private void checkpoints() {
        final long now = System.nanoTime();
        if (now - checkedCheckpointsNs < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        checkedCheckpointsNs = now;
        final Replica replica;
        synchronized (this) {
            replica = history.replica();
        }
        for (final String job : replica.jobs().active()) {
            final LogStore.Versioned stored = store.jobDataVersioned(job, Checkpoints.RECORD);
            if (stored.data() == null || Integer.valueOf(stored.version()).equals(checkpointVersions.get(job))) {
                continue;
            }
            checkpointVersions.put(job, stored.version());
            final Coordinate latest = CheckpointRecord.fromBytes(stored.data(), stored.version()).latest();
            if (latest != null) {
                final Map<String, Object> event = Events.event("checkpoint-completed", "job " + job
                    + " checkpoint " + latest.version() + "-" + latest.epoch() + " completed", "job", job);
                event.put("checkpoint", latest.toJson());
                synchronized (this) {
                    broadcast(history.note(event));
                }
            }
        }
    }

    /** A job's definition, exception and checkpoints, read beside the log. */
    Map<String, Object> job(final String jobId) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", jobId);
        store.job(jobId).ifPresent(stored -> {
            try {
                out.put("definition", io.sardonyx.codec.JsonText.parse(stored.definition()));
            } catch (final io.sardonyx.codec.JsonText.SyntaxException e) {
                out.put("definition", stored.definition());
            }
        });
        JobData.exception(store, jobId).ifPresent(text -> out.put("exception", text));
        final LogStore.Versioned stored = store.jobDataVersioned(jobId, Checkpoints.RECORD);
        final List<Object> checkpoints = new ArrayList<>();
        if (stored.data() != null) {
            CheckpointRecord.fromBytes(stored.data(), stored.version()).complete()
                .forEach(c -> checkpoints.add(c.toJson()));
        }
        out.put("checkpoints", checkpoints);
        return out;
    }

    private static void pause(final long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        sender.shutdownNow();
    }
}
