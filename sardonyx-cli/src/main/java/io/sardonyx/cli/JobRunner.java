package io.sardonyx.cli;

import io.sardonyx.client.Engine;
import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.job.Fusion;
import io.sardonyx.job.Job;
import io.sardonyx.codec.JsonText;
import io.sardonyx.job.PluginAlias;
import io.sardonyx.job.Task;
import io.sardonyx.job.WorkflowGraph;
import io.sardonyx.log.store.JobProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Submits a job to an environment, prints a progress line while it runs, then its outcome and collected output. */
final class JobRunner {
    private final Sardonyx sardonyx;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean verbose;

    /** @param verbose print a killed job's whole reason, stack trace included */
    JobRunner(final Sardonyx sardonyx, final PrintWriter out, final PrintWriter err, final boolean verbose) {
        this.sardonyx = sardonyx;
        this.out = out;
        this.err = err;
        this.verbose = verbose;
    }

    /**
     * Runs the job to its end.
     *
     * @param show most segments printed per collect output (0: none)
     * @return 0 when it completed, 1 when it was killed, 3 on a timeout
     */
    int run(final Job job, final Duration timeout, final int show) throws InterruptedException {
        final JobHandle handle = sardonyx.submit(job);
        final List<String> order = WorkflowGraph.of(job.workflow()).topologicalOrder();
        // Progress is counted by the tasks that run: a chain fused into one task counts as that task.
        final List<String> running = Fusion.tasks(Fusion.fuse(job));
        err.println("job " + handle.id() + " submitted (" + order.size() + " tasks"
            + (running.size() < order.size() ? ", running as " + running.size() : "") + ")");
        err.flush();
        final long deadline = System.nanoTime() + timeout.toNanos();
        JobOutcome outcome = null;
        boolean warnedIdle = false;
        while (outcome == null) {
            final long left = deadline - System.nanoTime();
            if (left <= 0) {
                err.println("job " + handle.id() + " did not finish within " + timeout.toSeconds() + " s; it is "
                    + handle.status().name().toLowerCase(java.util.Locale.ROOT));
                err.flush();
                return 3;
            }
            try {
                outcome = handle.await(Duration.ofNanos(Math.min(left, TimeUnit.SECONDS.toNanos(1))));
            } catch (final TimeoutException e) {
                err.println("  " + progress(handle.id(), running));
                if (!warnedIdle && deadline - System.nanoTime() < timeout.toNanos() - TimeUnit.SECONDS.toNanos(5)
                    && sardonyx.cluster().peers().isEmpty()) {
                    warnedIdle = true;
                    err.println("sardonyx run: no peer has joined tenancy " + sardonyx.tenancy() + " at "
                        + sardonyx.zookeeper() + "; the job waits for peers (start some with sardonyx peers)");
                }
                err.flush();
            }
        }
        awaitFinalProgress(handle.id());
        err.println("  " + progress(handle.id(), running));
        if (!outcome.completed()) {
            err.println("job " + handle.id() + " was killed: " + (verbose ? outcome.reason()
                : reasonAlone(outcome.reason())));
            err.flush();
            return 1;
        }
        err.println("job " + handle.id() + " completed");
        err.flush();
        for (final String name : order) {
            final Task task = job.task(name).orElseThrow();
            if (PluginAlias.fromKey(task.plugin().orElse(null)) == PluginAlias.COLLECT && show > 0) {
                final List<Map<String, Object>> collected = handle.collected(name);
                out.println(name + " (" + collected.size() + " segment" + (collected.size() == 1 ? "" : "s") + "):");
                collected.stream().limit(show).forEach(s -> out.println("  " + JsonText.writeLine(s)));
                if (collected.size() > show) {
                    out.println("  ... " + (collected.size() - show) + " more");
                }
            }
        }
        out.flush();
        return 0;
    }

    /**
     * Segments in and out per task, summed over every peer group that ran the job, in any process: each group writes
     * its counts beside the log about once a second.
     */
    String progress(final String jobId, final List<String> order) {
        final Map<String, JobProgress.Counts> counts = JobProgress.total(JobProgress.read(Engine.of(sardonyx).store(),
            jobId));
        final List<String> parts = new ArrayList<>();
        for (final String task : order) {
            final JobProgress.Counts c = counts.getOrDefault(task, new JobProgress.Counts(0, 0));
            parts.add(task + " " + c.in() + " in/" + c.out() + " out");
        }
        return String.join(" | ", parts);
    }

    /**
     * Waits (a few seconds at most) until every live group that ran the job has written its counts after its last
     * peer on the job stopped, so the last progress line is the whole count.
     */
    private void awaitFinalProgress(final String jobId) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            final List<String> live = sardonyx.cluster().groups();
            if (JobProgress.read(Engine.of(sardonyx).store(), jobId).stream()
                .noneMatch(p -> p.running() > 0 && live.contains(p.group()))) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /** A kill's reason without the stack trace it carries (its lines from the first "\tat "), which --verbose shows. */
    static String reasonAlone(final String reason) {
        final List<String> kept = new ArrayList<>();
        boolean cut = false;
        for (final String line : reason.split("\n")) {
            if (line.startsWith("\tat ") || line.startsWith("\t... ")) {
                cut = true;
                continue;
            }
            if (!line.isBlank()) {
                kept.add(line);
            }
        }
        return String.join("\n", kept) + (cut ? " (--verbose shows the stack trace)" : "");
    }
}
