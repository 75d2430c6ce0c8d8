package io.sardonyx.task;

import io.sardonyx.messaging.Frame;
import io.sardonyx.messaging.Outbox;
import java.util.ArrayList;
import java.util.List;

/**
 * A task's pending sends, in the order they must go: frames on their routes. A refused frame stays first and is
 * offered again (the same instance, so a large batch resumes where it stopped). Owned by the task's thread.
 */
final class SendQueue {
    private final List<Outbox> routes = new ArrayList<>();
    private final List<Frame> frames = new ArrayList<>();
    private int next;

    void add(final Outbox to, final Frame frame) {
        routes.add(to);
        frames.add(frame);
    }

    void clear() {
        routes.clear();
        frames.clear();
        next = 0;
    }

    /**
     * Sends what it can.
     *
     * @return true when nothing is left; false when a receiver refused (back pressure)
     * @throws RuntimeException what a route threw (the queue is then cleared)
     */
    boolean send() {
        try {
            while (next < frames.size()) {
                if (!routes.get(next).offer(frames.get(next))) {
                    return false;
                }
                next++;
            }
        } catch (final RuntimeException e) {
            clear();
            throw e;
        }
        clear();
        return true;
    }
}
