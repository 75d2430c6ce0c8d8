package io.sardonyx.peer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts restarts per job within a sliding window, to tell a restart storm from a restart. Restarts of several peers
 * of one job at one allocation version are one incident (one broken stream can restart many peers). Thread-safe.
 */
final class RestartWindow {
    private final long windowNs;
    private final Map<String, Deque<Long>> restarts = new HashMap<>();
    private final Map<String, Long> lastVersion = new HashMap<>();

    RestartWindow(final long windowNs) {
        this.windowNs = windowNs;
    }

    /**
     * Records a restart of a peer of the job, at an allocation version, at the time.
     *
     * @return how many restarts of the job fall within the window ending now, this one included
     */
    synchronized int record(final String jobId, final long version, final long nowNs) {
        final Deque<Long> times = restarts.computeIfAbsent(jobId, id -> new ArrayDeque<>());
        while (!times.isEmpty() && nowNs - times.peekFirst() > windowNs) {
            times.pollFirst();
        }
        if (!Long.valueOf(version).equals(lastVersion.put(jobId, version)) || times.isEmpty()) {
            times.addLast(nowNs);
        }
        return times.size();
    }
}
