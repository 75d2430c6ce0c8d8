package io.sardonyx.client;

import io.sardonyx.api.JobStatus;
import io.sardonyx.log.store.JobData;
import io.sardonyx.job.Fusion;
import io.sardonyx.job.Job;
import io.sardonyx.job.PluginAlias;
import io.sardonyx.job.Task;
import io.sardonyx.log.store.LogStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** A submitted job: wait for it, read its status and collected output, kill it. Thread-safe. */
public final class JobHandle {
    private final String id;
    private final LogStore store;
    private final ReplicaFollower follower;
    private final SardonyxClient client;

    JobHandle(final String id, final LogStore store, final ReplicaFollower follower, final SardonyxClient client) {
        this.id = id;
        this.store = store;
        this.follower = follower;
        this.client = client;
    }

    /** The job's id. */
    public String id() {
        return id;
    }

    /** The job's status now. */
    public JobStatus status() {
        return follower.replica().status(id);
    }

    /**
     * Waits until the job completes or is killed.
     *
     * @throws TimeoutException naming the job and its status when it has not finished in time
     */
    public JobOutcome await(final Duration timeout) throws InterruptedException, TimeoutException {
        if (follower.await(r -> r.status(id).finished(), timeout.toMillis()) == null) {
            throw new TimeoutException("job " + id + " did not finish within " + timeout + "; it is "
                + status().name().toLowerCase(java.util.Locale.ROOT));
        }
        final JobStatus status = status();
        if (status == JobStatus.COMPLETED) {
            return new JobOutcome(id, status, "");
        }
        return new JobOutcome(id, status, JobData.exception(store, id).orElse("killed by a user"));
    }

    /** Kills the job. */
    public void kill() {
        client.killJob(id);
    }

    /**
     * The segments a collect output task gathered (complete once the job completed).
     *
     * @throws IllegalArgumentException naming the job's collect outputs when the task is not one of them
     */
    public List<Map<String, Object>> collected(final String task) {
        final java.util.Optional<io.sardonyx.log.StoredJob> stored = store.job(id);
        if (stored.isPresent()) {
            final List<String> outputs = new java.util.ArrayList<>();
            for (final Task lead : Job.fromJson(stored.get().definition()).catalog()) {
                final List<Task> all = new java.util.ArrayList<>(Fusion.fusedInto(lead));
                all.add(0, lead);
                for (final Task t : all) {
                    if (PluginAlias.fromKey(t.plugin().orElse(null))
                        == PluginAlias.COLLECT) {
                        outputs.add(t.name());
                    }
                }
            }
            if (!outputs.contains(task)) {
                throw new IllegalArgumentException("job " + id + " has no collect output named " + task
                    + "; its collect outputs are " + outputs);
            }
        }
        return JobData.collected(store, id, task);
    }
}
