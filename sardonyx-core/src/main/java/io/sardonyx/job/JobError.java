package io.sardonyx.job;

/**
 * One mistake in a job: what it is about (a task, a key, an edge, the document) and what is wrong, with what
 * would be right.
 *
 * @param subject the culprit, e.g. {@code task "inc"} or {@code workflow edge ["in", "inc"]}; empty when the
 *                message is about the whole source
 * @param message what is wrong and how to fix it
 */
public record JobError(String subject, String message) {
    @Override
    public String toString() {
        return subject.isEmpty() ? message : subject + ": " + message;
    }
}
