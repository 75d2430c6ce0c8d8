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
    private final java.util.Map<String, ReplayLog> replayLogs = new java.util.concurrent.ConcurrentHashMap<>();

    /** A queue that holds at most {@code capacity} segments. */
    public SegmentQueue(final String name, final int capacity) {
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** The queue's name, as {@code "queue/name"} gives it. */
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

    /**
     * What one reader (a job's task slot) took and may have to read again: a queue cannot rewind, so its input keeps
     * what it read until a checkpoint after it completes, here in the queue's JVM, where a restarted task finds it.
     */
    public ReplayLog replayLog(final String reader) {
        return replayLogs.computeIfAbsent(reader, r -> new ReplayLog());
    }

    /** Segments a reader took since its last complete checkpoint, with the barriers that split them. */
    public static final class ReplayLog {
        private final java.util.ArrayList<Map<String, Object>> taken = new java.util.ArrayList<>();
        private final java.util.TreeMap<Long, Integer> marks = new java.util.TreeMap<>();
        private int cursor;
        /** How many segments were dropped from the front: the position in the queue's order of the first kept. */
        private long dropped;

        /** A task starts over from the last complete checkpoint: everything kept is read again first. */
        public synchronized void rewind() {
            rewindTo(dropped);
        }

        /**
         * A task starts over from the checkpoint whose reader had read {@code position} segments: what it kept from
         * that position on is read again first, and what came before belongs to that checkpoint, whether or not its
         * completion was confirmed here before the restart (a confirmation can be lost with the task that was to
         * receive it; replaying those segments would duplicate what the outputs committed with the checkpoint).
         */
        public synchronized void rewindTo(final long position) {
            final int covered = (int) Math.max(0, Math.min(taken.size(), position - dropped));
            taken.subList(0, covered).clear();
            dropped += covered;
            cursor = 0;
            marks.clear();
        }

        /** The position in the queue's order of the next segment this log hands out (replayed or fresh). */
        public synchronized long position() {
            return dropped + cursor;
        }

        /** Moves up to {@code max} kept segments not yet read again into {@code out}. */
        public synchronized int replay(final List<Map<String, Object>> out, final int max) {
            final int n = Math.min(max, taken.size() - cursor);
            for (int i = 0; i < n; i++) {
                out.add(taken.get(cursor++));
            }
            return n;
        }

        /** True while segments taken before a recovery are read again. */
        public synchronized boolean replaying() {
            return cursor < taken.size();
        }

        /** Keeps segments just taken from the queue. */
        public synchronized void keep(final List<Map<String, Object>> segments) {
            taken.addAll(segments);
            cursor = taken.size();
        }

        /** The barrier of an epoch: what was read so far belongs to its checkpoint. */
        public synchronized void mark(final long epoch) {
            marks.put(epoch, cursor);
        }

        /** The checkpoint of an epoch is complete: what was read before its barrier is never needed again. */
        public synchronized void confirm(final long epoch) {
            final Map.Entry<Long, Integer> mark = marks.floorEntry(epoch);
            if (mark == null) {
                return;
            }
            final int drop = mark.getValue();
            taken.subList(0, drop).clear();
            dropped += drop;
            cursor -= drop;
            final java.util.TreeMap<Long, Integer> later = new java.util.TreeMap<>();
            marks.tailMap(mark.getKey(), false).forEach((e, at) -> later.put(e, at - drop));
            marks.clear();
            marks.putAll(later);
        }

        /** How many segments are kept for a replay. */
        public synchronized int size() {
            return taken.size();
        }
    }

    /** No more segments will be put; an input reading it completes once it is empty. */
    public void close() {
        closed = true;
    }

    /** True once the queue was closed: an input reading it completes when it is empty. */
    public boolean closed() {
        return closed;
    }

    /** True when no segment waits in the queue. */
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** How many segments wait in the queue. */
    public int size() {
        return queue.size();
    }
}
