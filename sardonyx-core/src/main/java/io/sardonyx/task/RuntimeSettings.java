package io.sardonyx.task;

/**
 * How tasks run in a peer group.
 *
 * @param barrierPeriodMs   how often a job's coordinator starts an epoch ({@code
 *                          onyx.peer/coordinator-barrier-period-ms}; a job's {@code job-config} may override it)
 * @param idleMaxParkNs     longest an idle task thread sleeps between polls
 * @param startBackOffMs    wait before asking start-task? again ({@code onyx.peer/peer-not-ready-back-off})
 * @param frameLimit        frames a task takes from each sender per poll
 */
public record RuntimeSettings(long barrierPeriodMs, long idleMaxParkNs, long startBackOffMs, int frameLimit) {
    public static final RuntimeSettings DEFAULT = new RuntimeSettings(1000, 1_000_000, 100, 16);

    public RuntimeSettings {
        if (barrierPeriodMs <= 0 || idleMaxParkNs <= 0 || startBackOffMs <= 0 || frameLimit <= 0) {
            throw new IllegalArgumentException("runtime settings must be positive");
        }
    }

    public RuntimeSettings withBarrierPeriodMs(final long periodMs) {
        return new RuntimeSettings(periodMs, idleMaxParkNs, startBackOffMs, frameLimit);
    }
}
