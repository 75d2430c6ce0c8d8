package io.sardonyx.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The {@code collect} output: gathers every segment written on this peer and, when the job's inputs are
 * exhausted, stores them beside the job so whoever submitted it can read them from any JVM. Meant for batch
 * jobs with results of modest size.
 */
public final class CollectOutput implements OutputPlugin {
    private final List<Map<String, Object>> gathered = new ArrayList<>();
    private PluginContext context;
    private CompletableFuture<Void> stored;

    @Override
    public void start(final PluginContext context) {
        this.context = context;
    }

    @Override
    public boolean write(final List<Map<String, Object>> batch) {
        gathered.addAll(batch);
        return true;
    }

    /** What it gathered up to the barrier: collect keeps its output in its checkpoints (for modest results). */
    @Override
    public Object checkpoint() {
        return List.copyOf(gathered);
    }

    /** The segments of the earlier slots this slot inherits ({@link Rescaling#inherited}), in their order. */
    @Override
    public Object rescale(final List<Object> checkpoints) {
        final List<Object> merged = new ArrayList<>();
        for (final Object state : Rescaling.inherited(checkpoints, context.slot(), context.peers())) {
            if (state instanceof List<?> list) {
                merged.addAll(list);
            }
        }
        return merged;
    }

    @Override
    public void recover(final Object checkpoint) {
        gathered.clear();
        stored = null;
        if (checkpoint instanceof List<?> list) {
            for (final Object item : list) {
                @SuppressWarnings("unchecked")
                final Map<String, Object> segment = (Map<String, Object>) item;
                gathered.add(segment);
            }
        }
    }

    @Override
    public void seal() {
        if (stored == null) {
            stored = context.resources().collect(context, List.copyOf(gathered));
        }
    }

    @Override
    public boolean completed() throws Exception {
        if (stored == null || !stored.isDone()) {
            return false;
        }
        try {
            stored.get();
        } catch (final ExecutionException e) {
            throw new IllegalStateException("task " + context.task().name() + " could not store its collected "
                + "output: " + e.getCause().getMessage(), e.getCause());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    @Override
    public void close() {
        gathered.clear();
    }
}
