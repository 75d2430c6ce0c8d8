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
 * @param sealedEntries     every entry carries a MAC made with the tenancy's secret, and one without a valid MAC is
 *                          rejected: only processes holding the secret can join or write
 */
public record LogParameters(JobSchedulerKind jobScheduler, int logFormat, CheckpointLocation checkpointStorage,
                            boolean sealedEntries) {
    /** The entry format this build writes and reads. */
    public static final int LOG_FORMAT = 1;
    /** Greedy scheduling, current format. */
    public static final LogParameters DEFAULT = new LogParameters(JobSchedulerKind.GREEDY, LOG_FORMAT);

    /** Parameters that name no checkpoint storage. */
    public LogParameters(final JobSchedulerKind jobScheduler, final int logFormat) {
        this(jobScheduler, logFormat, null, false);
    }

    /** The same parameters with a checkpoint storage. */
    public LogParameters withCheckpointStorage(final CheckpointLocation location) {
        return new LogParameters(jobScheduler, logFormat, location, sealedEntries);
    }

    /** The same parameters, with entries sealed by the tenancy's secret or not. */
    public LogParameters withSealedEntries(final boolean sealed) {
        return new LogParameters(jobScheduler, logFormat, checkpointStorage, sealed);
    }

    /** The JSON form stored beside the log. */
    public Map<String, Object> toJson() {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("job-scheduler", jobScheduler.key());
        out.put("log-format", (long) logFormat);
        if (checkpointStorage != null) {
            out.put("checkpoint-storage", checkpointStorage.toJson());
        }
        if (sealedEntries) {
            out.put("sealed-entries", true);
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
        return new LogParameters(kind, (int) args.longValue("log-format"), storage,
            Boolean.TRUE.equals(json.get("sealed-entries")));
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
        if (stored.sealedEntries && !sealedEntries) {
            return "the tenancy's log entries are sealed with its secret, and this peer has none; give the tenancy's "
                + "secret (--secret-file or SARDONYX_SECRET_FILE)";
        }
        if (!stored.sealedEntries && sealedEntries) {
            return "this peer has a tenancy secret but the tenancy was started without one, so its entries are not "
                + "sealed; run every process of a tenancy with the same secret, or none";
        }
        return null;
    }
}
