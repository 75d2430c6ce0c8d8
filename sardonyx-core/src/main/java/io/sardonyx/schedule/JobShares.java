package io.sardonyx.schedule;

import io.sardonyx.job.JobSchedulerKind;
import io.sardonyx.log.JobSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job schedulers: how many peers each active job gets. A job gets peers only when the sum of its tasks'
 * min-peers fits; it never gets more than its saturation (the sum of its max-peers).
 */
final class JobShares {
    private JobShares() {
    }

    /**
     * @param kind    the tenancy's job scheduler
     * @param jobs    active jobs in submission order
     * @param peers   schedulable peers
     * @param current each job's current peer count, used to break ties toward what runs now
     * @return job id → peer count, for every job (0 when it gets none)
     */
    static Map<String, Long> shares(final JobSchedulerKind kind, final List<JobSpec> jobs, final long peers,
                                    final Map<String, Long> current) {
        return switch (kind) {
            case GREEDY -> greedy(jobs, peers);
            case BALANCED -> balanced(jobs, peers, current);
            case PERCENTAGE -> percentage(jobs, peers);
        };
    }

    /** Oldest first: each job that fits takes all it can use; what is left goes to the next. */
    private static Map<String, Long> greedy(final List<JobSpec> jobs, final long peers) {
        final Map<String, Long> shares = new LinkedHashMap<>();
        long left = peers;
        for (final JobSpec job : jobs) {
            final long share = left >= job.minRequiredPeers() ? Math.min(job.saturation(), left) : 0;
            shares.put(job.id(), share);
            left -= share;
        }
        return shares;
    }

    /**
     * Every job that fits gets its minimum, oldest first; then each further peer goes to the job with the fewest
     * (ties: the job that holds more peers now, then the oldest), so shares are as even as the minimums allow.
     */
    private static Map<String, Long> balanced(final List<JobSpec> jobs, final long peers,
                                              final Map<String, Long> current) {
        final Map<String, Long> shares = new LinkedHashMap<>();
        final List<JobSpec> running = new ArrayList<>();
        long left = peers;
        for (final JobSpec job : jobs) {
            if (left >= job.minRequiredPeers()) {
                shares.put(job.id(), job.minRequiredPeers());
                left -= job.minRequiredPeers();
                running.add(job);
            } else {
                shares.put(job.id(), 0L);
            }
        }
        return WaterFill.fill(running, left, shares, current, JobSpec::id, JobSpec::saturation);
    }

    /**
     * Highest percentage first (ties: oldest): a job gets its percentage of the peers if that covers its minimum,
     * until 100% is handed out; peers left over go to the jobs in the same order, up to their saturation.
     */
    private static Map<String, Long> percentage(final List<JobSpec> jobs, final long peers) {
        final Map<String, Long> shares = new LinkedHashMap<>();
        jobs.forEach(job -> shares.put(job.id(), 0L));
        final List<JobSpec> order = new ArrayList<>(jobs);
        order.sort(Comparator.comparingLong(JobSpec::percentage).reversed());
        long left = peers;
        long percent = 0;
        final List<JobSpec> running = new ArrayList<>();
        for (final JobSpec job : order) {
            if (job.percentage() <= 0 || percent + job.percentage() > 100) {
                continue;
            }
            percent += job.percentage();
            final long share = Math.min(job.saturation(), peers * job.percentage() / 100);
            if (share >= job.minRequiredPeers() && share <= left && share > 0) {
                shares.put(job.id(), share);
                left -= share;
                running.add(job);
            }
        }
        for (final JobSpec job : running) {
            final long extra = Math.min(left, job.saturation() - shares.get(job.id()));
            shares.merge(job.id(), extra, Long::sum);
            left -= extra;
        }
        return shares;
    }
}
