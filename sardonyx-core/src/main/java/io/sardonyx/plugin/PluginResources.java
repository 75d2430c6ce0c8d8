package io.sardonyx.plugin;

import io.sardonyx.api.SegmentQueue;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * In-process objects plugins reach by name: the queues of the {@code queue} plugin and the sink of the
 * {@code collect} plugin. Implementations are thread-safe.
 */
public interface PluginResources {
    /**
     * The queue registered under the name.
     *
     * @throws IllegalArgumentException naming the queue when none is registered in this JVM
     */
    SegmentQueue queue(String name);

    /**
     * Stores the segments a collect output gathered on one peer at one allocation version, for the caller of the
     * job to read wherever it runs.
     *
     * @return completes when they are stored
     */
    CompletableFuture<Void> collect(PluginContext context, List<Map<String, Object>> segments);
}
