package io.sardonyx.threads;

import java.util.concurrent.ThreadFactory;

/**
 * The one way Sardonyx makes its threads: named, and daemons, so a thread left running by a part that was not closed
 * never keeps a JVM alive (every part still stops its threads when closed).
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** A factory of daemon threads that all carry this name. */
    public static ThreadFactory factory(final String name) {
        return task -> thread(name, task);
    }

    /** A daemon thread of this name running the task, not yet started. */
    public static Thread thread(final String name, final Runnable task) {
        final Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Starts a daemon thread of this name running the task. */
    public static Thread start(final String name, final Runnable task) {
        final Thread thread = thread(name, task);
        thread.start();
        return thread;
    }
}
