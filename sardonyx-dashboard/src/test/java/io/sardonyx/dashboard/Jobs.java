package io.sardonyx.dashboard;

import io.sardonyx.job.Job;
import io.sardonyx.job.Task;

/** Jobs the dashboard tests run. */
final class Jobs {
    private Jobs() {
    }

    /**
     * ticks → stamp → out, {@code count} segments at {@code rate} a second (0: no end); stamp runs fused in, out is
     * kept apart (so the graph has an edge to draw).
     */
    static Job ticks(final String name, final long count, final long rate) {
        final Task.Builder in = Task.input("in", Ticks.class.getName()).batchSize(10).nPeers(1)
            .with("ticks/rate", rate);
        if (count > 0) {
            in.with("ticks/count", count);
        }
        return Job.builder().chain("in", "stamp", "out").task(in)
            .task(Task.function("stamp", Ticks.class.getName() + "::stamp").batchSize(10).nPeers(1))
            .task(Task.output("out", "collect").batchSize(10).nPeers(1).with("onyx/fuse?", false))
            .jobName(name).build();
    }
}
