package io.sardonyx.log;

/**
 * A job definition stored beside the log before its submit entry is written.
 *
 * @param jobId      the job id
 * @param definition the job's JSON
 * @param hash       SHA-256 of the definition, hex; a resubmission under the same id must match it
 */
public record StoredJob(String jobId, String definition, String hash) {
}
