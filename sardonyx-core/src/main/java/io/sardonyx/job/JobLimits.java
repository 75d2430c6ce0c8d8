package io.sardonyx.job;

/** Hard limits on job documents, checked before anything is parsed or submitted. */
public final class JobLimits {
    /** Largest job document accepted, in bytes of UTF-8 (1 MiB): jobs are stored in ZooKeeper. */
    public static final int MAX_DOCUMENT_BYTES = 1024 * 1024;
    /**
     * Largest job as stored beside the log (its definition, with its chains fused, escaped inside the stored record):
     * what one ZooKeeper node holds by default (1 MiB), less room for the record around it.
     */
    public static final int MAX_STORED_BYTES = 1000 * 1024;
    /** Longest task, window or trigger name: names appear in log entries and storage paths. */
    public static final int MAX_NAME_LENGTH = 128;

    private JobLimits() {
    }
}
