package io.sardonyx.api;

/** What a task does after an exception, as decided by {@link LifecycleCalls#handleException}. */
public enum ExceptionAction {
    /** Restart the task from the job's last checkpoint. */
    RESTART,
    /** Kill the job, recording the exception. */
    KILL,
    /** Leave the decision to the next lifecycle; when every lifecycle defers, the job is killed. */
    DEFER
}
