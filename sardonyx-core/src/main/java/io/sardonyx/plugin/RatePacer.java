package io.sardonyx.plugin;

/**
 * Keeps an input to a rate: how many segments it may emit now so that, since its first poll, it emits at most so
 * many per second. For generators in examples, tests and benchmarks. Used from one thread.
 */
public final class RatePacer {
    private final long perSecond;
    private long startNs;
    private long emitted;

    /** @param perSecond the most segments per second; 0 or less for no limit */
    public RatePacer(final long perSecond) {
        this.perSecond = perSecond;
    }

    /** How many segments may go now, at most {@code max}. */
    public int allowed(final long nowNs, final int max) {
        if (perSecond <= 0) {
            return max;
        }
        if (startNs == 0) {
            startNs = nowNs;
        }
        return (int) Math.max(0, Math.min(max, perSecond * (nowNs - startNs) / 1_000_000_000L - emitted));
    }

    /** Records segments that went. */
    public void emitted(final int n) {
        emitted += n;
    }
}
