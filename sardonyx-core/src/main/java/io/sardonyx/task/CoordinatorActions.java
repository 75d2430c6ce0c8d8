package io.sardonyx.task;

import io.sardonyx.checkpoint.Coordinate;
import io.sardonyx.checkpoint.RecoveryPlan;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** What a job's coordinator asks of its peer group: checkpoint records, completion, and killing the job. */
final class CoordinatorActions implements JobCoordinator.Actions {
    private final TaskServices services;
    private final String jobId;
    private final long version;
    private final Map<String, Object> resumePoint;
    private final int keyGroups;

    CoordinatorActions(final TaskServices services, final String jobId, final long version,
                       final io.sardonyx.job.Job job) {
        this.keyGroups = job.keyGroups();
        this.services = services;
        this.jobId = jobId;
        this.version = version;
        this.resumePoint = job.resumePoint();
    }

    @Override
    public CompletableFuture<RecoveryPlan> recoveryPoint() {
        return services.checkpoints().recoveryPlan(jobId, version, resumePoint, keyGroups);
    }

    @Override
    public CompletableFuture<Boolean> record(final Coordinate checkpoint) {
        return services.checkpoints().recordComplete(jobId, checkpoint);
    }

    @Override
    public void complete() {
        services.completeJob(jobId, version);
    }

    @Override
    public void fail(final String reason, final Throwable cause) {
        services.killJob(jobId, version, reason + ": " + Lifecycles.stackTrace(cause));
    }
}
