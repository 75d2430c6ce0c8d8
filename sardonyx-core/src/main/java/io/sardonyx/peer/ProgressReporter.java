package io.sardonyx.peer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sardonyx.log.store.JobProgress;
import io.sardonyx.log.store.LogStore;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the group's progress on each job it runs beside the log ({@link JobProgress}), from the task meters of the
 * peers it ran the job on: every second while the counts change, and once more when its last peer on the job stops.
 * Runs on one thread of its own (a slow ZooKeeper write delays only the next report).
 */
final class ProgressReporter {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);

    private final LogStore store;
    private final MeterRegistry meters;
    private final Supplier<String> groupId;
    private final ToLongFunction<String> running;
    private final java.util.function.Predicate<String> active;
    /** Job → the peers of this group that ran one of its tasks. */
    private final Map<String, Set<String>> peersByJob = new ConcurrentHashMap<>();
    /** Peer → the group id it ran under (a group that rejoins takes a new id; its old record keeps the old work). */
    private final Map<String, String> incarnation = new ConcurrentHashMap<>();
    private final Map<String, JobProgress> written = new ConcurrentHashMap<>();
    private volatile String reportingAs = "";

    /**
     * @param running job → how many peers of the group run one of its tasks now
     * @param active  job → whether it may still run (neither completed nor killed)
     */
    ProgressReporter(final LogStore store, final MeterRegistry meters, final Supplier<String> groupId,
                     final ToLongFunction<String> running, final java.util.function.Predicate<String> active) {
        this.store = store;
        this.meters = meters;
        this.groupId = groupId;
        this.running = running;
        this.active = active;
    }

    /**
     * A peer of the group starts a task of the job. The group's first peer on the job writes its record at once, before
     * the task runs, so a reader that sees the job end knows every group that worked on it. The group's log thread.
     */
    void started(final String job, final String peer) {
        final boolean first = !peersByJob.containsKey(job);
        peersByJob.computeIfAbsent(job, j -> ConcurrentHashMap.newKeySet()).add(peer);
        incarnation.put(peer, groupId.get());
        if (first) {
            final JobProgress now = new JobProgress(groupId.get(), 1, Map.of());
            try {
                now.write(store, job);
            } catch (final RuntimeException e) {
                LOG.debug("cannot write the progress of job {} (next time): {}", job, e.getMessage());
            }
        }
    }

    /** Writes every job's record that changed; forgets finished jobs once their last record is written. */
    void report() {
        final String group = groupId.get();
        if (group == null || group.isEmpty()) {
            return;
        }
        if (!group.equals(reportingAs)) {
            written.clear();
            reportingAs = group;
        }
        for (final Map.Entry<String, Set<String>> job : peersByJob.entrySet()) {
            final JobProgress now = new JobProgress(group, running.applyAsLong(job.getKey()),
                counts(job.getKey(), job.getValue(), group));
            if (!now.equals(written.get(job.getKey()))) {
                try {
                    now.write(store, job.getKey());
                    written.put(job.getKey(), now);
                } catch (final RuntimeException e) {
                    LOG.debug("cannot write the progress of job {} (next time): {}", job.getKey(), e.getMessage());
                    continue;
                }
            }
            if (now.running() == 0 && !active.test(job.getKey())) {
                peersByJob.remove(job.getKey());
                written.remove(job.getKey());
                final Set<String> stillRunning = new java.util.HashSet<>();
                peersByJob.values().forEach(stillRunning::addAll);
                incarnation.keySet().retainAll(stillRunning);
            }
        }
    }

    private Map<String, JobProgress.Counts> counts(final String job, final Set<String> peers, final String group) {
        final Set<String> ours = new java.util.HashSet<>();
        peers.forEach(peer -> {
            if (group.equals(incarnation.get(peer))) {
                ours.add(peer);
            }
        });
        final Map<String, long[]> sums = new TreeMap<>();
        add(sums, "sardonyx.task.segments.in", job, ours, 0);
        add(sums, "sardonyx.task.segments.out", job, ours, 1);
        final Map<String, JobProgress.Counts> out = new TreeMap<>();
        sums.forEach((task, c) -> out.put(task, new JobProgress.Counts(c[0], c[1])));
        return out;
    }

    private void add(final Map<String, long[]> sums, final String meter, final String job, final Set<String> peers,
                     final int index) {
        for (final Counter counter : meters.find(meter).tag("job", job).counters()) {
            if (peers.contains(counter.getId().getTag("peer"))) {
                sums.computeIfAbsent(counter.getId().getTag("task"), t -> new long[2])[index] += (long) counter.count();
            }
        }
    }
}
