package io.sardonyx.log;

/**
 * A task of a job.
 *
 * @param job  the job id
 * @param task the task name
 */
public record TaskRef(String job, String task) {
}
