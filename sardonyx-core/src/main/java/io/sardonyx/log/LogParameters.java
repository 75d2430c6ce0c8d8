package io.sardonyx.log;

import io.sardonyx.job.JobSchedulerKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings every peer of a tenancy must share, fixed by the first peer to start: a peer with another job scheduler or
 * entry format refuses to join, since it would replay the log into a different replica; every peer keeps its
 * checkpoints in the storage recorded here.
 *
 * @param jobScheduler      how peers are spread across jobs
 * @param logFormat         the version of the entry format
 * @param checkpointStorage where the tenancy's checkpoints live, with the token that proves a group reads them; null
 *                          in a log created by an earlier build, or proposed by a process that adopts the tenancy's
 */
public record LogParameters(JobSchedulerKind jobScheduler, int logFormat, CheckpointLocation checkpointStorage) {
    /** The entry format this build writes and reads. */
    public static final int LOG_FORMAT = 1;
    /** Greedy scheduling, current format. */
    public static final LogParameters DEFAULT = new LogParameters(JobSchedulerKind.GREEDY, LOG_FORMAT);

    /** Parameters that name no checkpoint storage. */
    public LogParameters(final JobSchedulerKind jobScheduler, final int logFormat) {
        this(jobScheduler, logFormat, null);
    }

    /** The same parameters with a checkpoint storage. */
    public LogParameters withCheckpointStorage(final CheckpointLocation location) {
        return new LogParameters(jobScheduler, logFormat, location);
    }

    /** The JSON form stored beside the log. */
    public Map<String, Object> toJson() {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("job-scheduler", jobScheduler.key());
        out.put("log-format", (long) logFormat);
        if (checkpointStorage != null) {
            out.put("checkpoint-storage", checkpointStorage.toJson());
        }
        return out;
    }

    /**
     * Reads the JSON form.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static LogParameters fromJson(final Map<String, Object> json) {
        final JsonArgs args = new JsonArgs("log parameters", json);
        final JobSchedulerKind kind = JobSchedulerKind.fromKey(args.string("job-scheduler"));
        if (kind == null) {
            throw new IllegalArgumentException("log parameters: unknown job scheduler " + json.get("job-scheduler"));
        }
        final CheckpointLocation storage = json.get("checkpoint-storage") == null ? null
            : CheckpointLocation.fromJson(args.map("checkpoint-storage"));
        return new LogParameters(kind, (int) args.longValue("log-format"), storage);
    }

    /**
     * Why a peer with these parameters may not join a log with the given ones, or null when it may. The checkpoint
     * storage is not compared here: a group adopts the tenancy's and proves it reads it (see the checkpoint package).
     */
    public String incompatibilityWith(final LogParameters stored) {
        if (stored.logFormat != logFormat) {
            return "the log has entry format " + stored.logFormat + " but this peer reads format " + logFormat;
        }
        if (stored.jobScheduler != jobScheduler) {
            return "the log's peers schedule jobs with " + stored.jobScheduler.key() + " but this peer is configured "
                + "with " + jobScheduler.key() + "; every peer of a tenancy must use the same job scheduler";
        }
        return null;
    }
}
