package io.sardonyx.task;

/**
 * How tasks run in a peer group.
 *
 * @param barrierPeriodMs   how often a job's coordinator starts an epoch ({@code
 *                          onyx.peer/coordinator-barrier-period-ms}; a job's {@code job-config} may override it)
 * @param idleMaxParkNs     longest an idle task thread sleeps between polls
 * @param startBackOffMs    wait before asking start-task? again ({@code onyx.peer/peer-not-ready-back-off})
 * @param frameLimit        frames a task takes from each sender per poll
 * @param restartLimit      restarts of one job's peers (handle-exception said restart, or a broken stream) that a
 *                          group allows within {@code restartWindowMs}; one more kills the job (a restart storm)
 * @param restartWindowMs   the window of {@code restartLimit}
 * @param liveness          how often a peer group checks that its task threads are cycling, and how long one may
 *                          not cycle (a function stuck in user code) before the group evicts its peer
 */
public record RuntimeSettings(long barrierPeriodMs, long idleMaxParkNs, long startBackOffMs, int frameLimit,
                              int restartLimit, long restartWindowMs, Liveness liveness) {
    public static final RuntimeSettings DEFAULT =
        new RuntimeSettings(1000, 1_000_000, 100, 16, 10, 60_000, new Liveness(500, 60_000));

    /**
     * @param heartbeatMs how often the group checks its task threads ({@code onyx.peer/heartbeat-ms})
     * @param timeoutMs   how long a task thread may not cycle before its peer is evicted
     */
    public record Liveness(long heartbeatMs, long timeoutMs) {
        public Liveness {
            if (heartbeatMs <= 0 || timeoutMs <= heartbeatMs) {
                throw new IllegalArgumentException("the liveness timeout (" + timeoutMs + " ms) must exceed the "
                    + "heartbeat period (" + heartbeatMs + " ms), both positive");
            }
        }
    }

    public RuntimeSettings {
        if (barrierPeriodMs <= 0 || idleMaxParkNs <= 0 || startBackOffMs <= 0 || frameLimit <= 0 || restartLimit < 0
            || restartWindowMs <= 0) {
            throw new IllegalArgumentException("runtime settings must be positive");
        }
    }

    /**
     * Where disk state stores (RocksDB) keep their scratch files: {@code sardonyx.state.dir}, else
     * {@code <java.io.tmpdir>/sardonyx-state}. Checkpoints, not these files, hold the state that must survive.
     */
    public java.nio.file.Path stateDirectory() {
        final String dir = System.getProperty("sardonyx.state.dir");
        return dir != null ? java.nio.file.Path.of(dir)
            : java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "sardonyx-state");
    }

    public RuntimeSettings withBarrierPeriodMs(final long periodMs) {
        return new RuntimeSettings(periodMs, idleMaxParkNs, startBackOffMs, frameLimit, restartLimit, restartWindowMs,
            liveness);
    }

    public RuntimeSettings withRestartLimit(final int limit, final long windowMs) {
        return new RuntimeSettings(barrierPeriodMs, idleMaxParkNs, startBackOffMs, frameLimit, limit, windowMs,
            liveness);
    }

    public RuntimeSettings withLiveness(final long heartbeatMs, final long timeoutMs) {
        return new RuntimeSettings(barrierPeriodMs, idleMaxParkNs, startBackOffMs, frameLimit, restartLimit,
            restartWindowMs, new Liveness(heartbeatMs, timeoutMs));
    }
}
