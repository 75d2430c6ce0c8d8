package io.sardonyx.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The jobs the cluster knows: running ones in submission order (the greedy scheduler's priority), and those
 * killed or completed, until a gc forgets them.
 *
 * @param active    running or waiting jobs, in submission order
 * @param killed    killed jobs, in kill order
 * @param completed completed jobs, in completion order
 * @param finished  killed and completed jobs together, in the order they finished
 * @param specs     job id → spec, for active, killed and completed jobs
 */
public record JobRegistry(List<String> active, List<String> killed, List<String> completed, List<String> finished,
                          Map<String, JobSpec> specs) {
    public static final JobRegistry EMPTY = new JobRegistry(List.of(), List.of(), List.of(), List.of(), Map.of());

    public JobRegistry {
        active = List.copyOf(active);
        killed = List.copyOf(killed);
        completed = List.copyOf(completed);
        finished = List.copyOf(finished);
        specs = Collections.unmodifiableMap(new TreeMap<>(specs));
    }

    /** True when the id is active, killed or completed: a submission of it is then a no-op. */
    public boolean known(final String jobId) {
        return active.contains(jobId) || killed.contains(jobId) || completed.contains(jobId);
    }

    /** The spec of an active job, or null. */
    public JobSpec activeSpec(final String jobId) {
        return active.contains(jobId) ? specs.get(jobId) : null;
    }

    /** The registry with the job finished: added to killed or completed, and to finished. */
    public JobRegistry finish(final String job, final boolean completedJob) {
        final List<String> nowActive = new ArrayList<>(active);
        nowActive.remove(job);
        final List<String> nowKilled = new ArrayList<>(killed);
        final List<String> nowCompleted = new ArrayList<>(completed);
        final List<String> list = completedJob ? nowCompleted : nowKilled;
        final List<String> nowFinished = new ArrayList<>(finished);
        if (!list.contains(job)) {
            list.add(job);
            nowFinished.add(job);
        }
        return new JobRegistry(nowActive, nowKilled, nowCompleted, nowFinished, specs);
    }
}
