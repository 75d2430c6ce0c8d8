package io.sardonyx.task;

import io.sardonyx.usercode.UserCode;
import io.micrometer.core.instrument.MeterRegistry;
import io.sardonyx.log.Replica;
import io.sardonyx.messaging.Messenger;
import io.sardonyx.plugin.PluginResources;

/**
 * What a peer group gives the tasks it runs. Every method may be called from any task thread; the log writes
 * ({@link #completeJob}, {@link #killJob}, {@link #restartPeer}) return at once and happen on the group's own
 * threads, retried until written.
 */
public interface TaskServices {
    /** The replica after the last entry the group applied. */
    Replica replica();

    /** This group's id. */
    String groupId();

    Messenger messenger();


    UserCode code();

    PluginResources resources();

    RuntimeSettings settings();

    MeterRegistry meters();

    /** Checkpoint blobs and records. */
    io.sardonyx.checkpoint.Checkpoints checkpoints();

    /** The job's coordinator saw every output drained at this allocation version: write complete-job. */
    void completeJob(String jobId, long version);

    /** Evict a peer that stopped heart-beating (write leave-cluster for it). */
    void evictPeer(String peer, String group, String reason);

    /**
     * Record why the job failed beside it and write kill-job for the allocation version the failure happened at
     * ({@code -1}: whatever the allocation).
     */
    void killJob(String jobId, long version, String reason);

    /**
     * Restart a peer under a new id (handle-exception said restart): write leave-cluster for it; the job rolls back
     * to its last checkpoint. Too many restarts of one job's peers in a short time kill the job instead.
     */
    void restartPeer(String peer, String jobId, long version, String reason);

    /** The monotonic clock tasks time batches and barriers by; a simulation supplies its own. */
    default long nanoTime() {
        return System.nanoTime();
    }

    /** Processing time (epoch ms) for window timers and state events; a simulation supplies its own. */
    default long epochMillis() {
        return System.currentTimeMillis();
    }
}
