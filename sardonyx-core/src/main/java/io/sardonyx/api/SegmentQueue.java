package io.sardonyx.api;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded in-process queue of segments for the {@code queue} plugin (Onyx's core.async plugin): the caller puts
 * segments in and closes it to end a batch job, or takes segments an output task put. Thread-safe.
 */
public final class SegmentQueue {
    private final String name;
    private final BlockingQueue<Map<String, Object>> queue;
    private volatile boolean closed;

    public SegmentQueue(final String name, final int capacity) {
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    public String name() {
        return name;
    }

    /**
     * Puts a segment, waiting while the queue is full.
     *
     * @throws IllegalStateException when the queue is closed
     */
    public void put(final Map<String, Object> segment) throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("queue " + name + " is closed");
        }
        queue.put(segment);
    }

    /** Puts a segment if there is room now. */
    public boolean offer(final Map<String, Object> segment) {
        return !closed && queue.offer(segment);
    }

    /** Takes a segment, waiting up to the timeout; null when none came. */
    public Map<String, Object> poll(final long timeout, final TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    /** Moves up to {@code max} segments into {@code out} without waiting; returns how many. */
    public int drainTo(final List<Map<String, Object>> out, final int max) {
        return queue.drainTo(out, max);
    }

    /** No more segments will be put; an input reading it completes once it is empty. */
    public void close() {
        closed = true;
    }

    public boolean closed() {
        return closed;
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    public int size() {
        return queue.size();
    }
}
