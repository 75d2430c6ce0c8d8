package io.sardonyx.peer;

import io.sardonyx.threads.DaemonThreads;
import io.sardonyx.log.store.JobData;
import io.sardonyx.api.SegmentQueue;
import io.sardonyx.log.store.LogStore;
import io.sardonyx.plugin.PluginContext;
import io.sardonyx.plugin.PluginResources;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The plugin resources of one JVM: named segment queues, and collect output stored beside the job in the log
 * store (on a background thread, so task threads never wait on ZooKeeper). Thread-safe.
 */
public final class LocalResources implements PluginResources, AutoCloseable {
    private final LogStore store;
    private final Map<String, SegmentQueue> queues = new ConcurrentHashMap<>();
    private final java.util.concurrent.Executor io;
    private final ExecutorService owned;

    public LocalResources(final LogStore store) {
        this(store, null);
    }

    /**
     * @param io runs the writes of collected output; null: a daemon thread of its own, stopped on close (a
     *           deterministic simulation passes one that runs them in place)
     */
    public LocalResources(final LogStore store, final java.util.concurrent.Executor io) {
        this.store = store;
        this.owned = io == null ? Executors.newSingleThreadExecutor(
            DaemonThreads.factory("sardonyx-collect-writer")) : null;
        this.io = io == null ? owned : io;
    }

    /** The queue of that name, made with the capacity when it does not exist yet. */
    public SegmentQueue queue(final String name, final int capacity) {
        return queues.computeIfAbsent(name, n -> new SegmentQueue(n, capacity));
    }

    @Override
    public SegmentQueue queue(final String name) {
        final SegmentQueue queue = queues.get(name);
        if (queue == null) {
            throw new IllegalArgumentException("no queue named \"" + name + "\" in this JVM; create it before the "
                + "job runs (Sardonyx.queue(name)); known: " + queues.keySet());
        }
        return queue;
    }

    @Override
    public CompletableFuture<Void> collect(final PluginContext context, final List<Map<String, Object>> segments) {
        return CompletableFuture.runAsync(() -> JobData.putCollected(store, context.jobId(), context.task().name(),
            context.version(), context.slot(), segments), io);
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.shutdown();
        }
    }
}
