package io.sardonyx.bench;

/**
 * The W3 event stream, one function of the event number for each field, so Sardonyx and Flink read the same events
 * without sharing anything else: 1,000 ads in 100 campaigns, one event in three a view, event time advancing one
 * millisecond every 100 events (10 s windows then hold 1,000,000 events). Plain Java: the Flink side loads it too.
 */
public final class YsbEvents {
    public static final String VIEW = "view";
    private static final String[] EVENT_TYPES = {VIEW, "click", "purchase"};
    private static final String[] AD_TYPES = {"banner", "modal", "sponsored-search", "mail", "mobile"};
    private static final String[] USERS = strings("user-", 1_000);
    private static final String[] PAGES = strings("page-", 1_000);
    private static final String[] IPS = strings("10.0.0.", 256);
    private static final long ADS = 1_000;
    private static final long[] CAMPAIGN_OF_AD = new long[(int) ADS];

    static {
        for (int ad = 0; ad < ADS; ad++) {
            CAMPAIGN_OF_AD[ad] = ad / 10;
        }
    }

    private YsbEvents() {
    }

    private static String[] strings(final String prefix, final int n) {
        final String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = prefix + i;
        }
        return out;
    }

    /** A well-mixed number of event n, so fields do not move in lockstep. */
    private static long mix(final long n, final long salt) {
        long z = n * 0x9E3779B97F4A7C15L + salt;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        return (z ^ (z >>> 27)) >>> 1;
    }

    public static String user(final long n) {
        return USERS[(int) (mix(n, 1) % USERS.length)];
    }

    public static String page(final long n) {
        return PAGES[(int) (mix(n, 2) % PAGES.length)];
    }

    public static long ad(final long n) {
        return mix(n, 3) % ADS;
    }

    public static String adType(final long n) {
        return AD_TYPES[(int) (mix(n, 4) % AD_TYPES.length)];
    }

    public static String eventType(final long n) {
        return EVENT_TYPES[(int) (n % EVENT_TYPES.length)];
    }

    /** Event time in milliseconds. */
    public static long time(final long n) {
        return n / 100;
    }

    public static String ip(final long n) {
        return IPS[(int) (mix(n, 5) % IPS.length)];
    }

    /** The campaign an ad belongs to (the table the original benchmark kept in Redis). */
    public static long campaignOf(final long ad) {
        return CAMPAIGN_OF_AD[(int) ad];
    }
}
