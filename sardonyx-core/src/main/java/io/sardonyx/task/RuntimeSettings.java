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
 */
public record RuntimeSettings(long barrierPeriodMs, long idleMaxParkNs, long startBackOffMs, int frameLimit,
                              int restartLimit, long restartWindowMs) {
    public static final RuntimeSettings DEFAULT = new RuntimeSettings(1000, 1_000_000, 100, 16, 10, 60_000);

    public RuntimeSettings {
        if (barrierPeriodMs <= 0 || idleMaxParkNs <= 0 || startBackOffMs <= 0 || frameLimit <= 0 || restartLimit < 0
            || restartWindowMs <= 0) {
            throw new IllegalArgumentException("runtime settings must be positive");
        }
    }

    public RuntimeSettings withBarrierPeriodMs(final long periodMs) {
        return new RuntimeSettings(periodMs, idleMaxParkNs, startBackOffMs, frameLimit, restartLimit, restartWindowMs);
    }

    public RuntimeSettings withRestartLimit(final int limit, final long windowMs) {
        return new RuntimeSettings(barrierPeriodMs, idleMaxParkNs, startBackOffMs, frameLimit, limit, windowMs);
    }
}
