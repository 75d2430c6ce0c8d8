package io.sardonyx.task;

/** How the parts of a task tell it to stop working. Task thread only. */
interface TaskStops {
    /**
     * A phase threw: handle-exception decides between restarting the peer and killing the job; the task stops
     * working either way.
     *
     * @return the work done (1), for the duty cycle
     */
    int failed(String phase, Throwable t);

    /** A newer allocation has claimed the job: this attempt is stale and the task stops, touching nothing. */
    void stale();
}
