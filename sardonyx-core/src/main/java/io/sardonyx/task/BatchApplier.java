package io.sardonyx.task;

import io.sardonyx.usercode.UserCode;
import io.sardonyx.flow.FlowRouter;
import io.sardonyx.flow.GroupKey;
import io.sardonyx.flow.Route;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a task's function to a batch and routes each result: flow conditions choose the downstream tasks,
 * grouping (or a per-batch round robin) chooses the peer. An exception thrown for one segment goes to the
 * exception flow conditions, or is rethrown for handle-exception. Called from the task's thread only.
 */
final class BatchApplier {
    private final TaskFunction fn;
    private final FlowRouter router;
    private final GroupKey[] grouping;
    private final int[] peers;
    private final int[] roundRobin;
    private final String task;
    private final int keyGroups;

    /**
     * @param peers    per downstream task, how many peers it has
     * @param grouping per downstream task, its grouping or null
     * @param slot      this peer's slot, so peers of one task start their round robin apart
     * @param keyGroups the job's key groups, which grouped segments are routed by
     */
    @SuppressWarnings("checkstyle:ParameterNumber")
    BatchApplier(final String task, final TaskFunction fn, final FlowRouter router, final GroupKey[] grouping,
                 final int[] peers, final int slot, final int keyGroups) {
        this.task = task;
        this.keyGroups = keyGroups;
        this.fn = fn;
        this.router = router;
        this.grouping = grouping.clone();
        this.peers = peers.clone();
        this.roundRobin = new int[peers.length];
        for (int d = 0; d < peers.length; d++) {
            roundRobin[d] = slot % peers[d];
        }
    }

    /** The applier of a task on a layout: flow conditions and grouping toward each downstream task. */
    @SuppressWarnings("checkstyle:ParameterNumber")
    static BatchApplier of(final io.sardonyx.job.Job job, final String task, final TaskFunction fn,
                           final JobLayout layout, final int taskIndex, final int[] peers, final int slot,
                           final UserCode code) {
        final List<Integer> down = layout.downstream().get(taskIndex);
        final List<String> names = new ArrayList<>();
        final GroupKey[] grouping = new GroupKey[down.size()];
        for (int d = 0; d < down.size(); d++) {
            final String name = layout.tasks().get(down.get(d));
            names.add(name);
            grouping[d] = GroupKey.of(job.task(name).orElseThrow(), code);
        }
        return new BatchApplier(task, fn, new FlowRouter(job, task, names, code), grouping, peers, slot,
            job.keyGroups());
    }

    /** What one batch produced: every result, and per downstream task and peer the segments to send. */
    static final class Output {
        /** Queues one frame of segments per downstream peer that has any. */
        void queue(final TaskWriter sends, final TaskAttempt attempt) {
            final JobLayout layout = attempt.where.layout();
            final int source = attempt.where.source();
            for (int d = 0; d < outgoing.size(); d++) {
                final List<List<Map<String, Object>>> perPeer = outgoing.get(d);
                for (int s = 0; s < perPeer.size(); s++) {
                    if (perPeer.get(s) != null) {
                        sends.queue(attempt.downstream[d][s], new io.sardonyx.messaging.Frame(
                            io.sardonyx.messaging.FrameType.SEGMENTS, layout.jobKey(), layout.version(), source, 0, 0,
                            perPeer.get(s)));
                    }
                }
            }
        }

        final List<Map<String, Object>> results;
        final List<List<List<Map<String, Object>>>> outgoing;
        /** The segments the batch is expected to produce (its inputs). */
        final int expected;

        Output(final int inputs, final int[] peers) {
            expected = inputs;
            results = new ArrayList<>(inputs);
            outgoing = new ArrayList<>(peers.length);
            for (final int n : peers) {
                final List<List<Map<String, Object>>> perPeer = new ArrayList<>(n);
                for (int s = 0; s < n; s++) {
                    perPeer.add(null);
                }
                outgoing.add(perPeer);
            }
        }
    }

    /**
     * Applies the function to every segment of the batch and routes the results.
     *
     * @throws Exception what the function, a predicate, a post-transform or a group-by function threw (an Error
     *                   thrown by the function is not routed by exception flow conditions: it fails the task)
     */
    Output apply(final List<Map<String, Object>> in) throws Exception {
        final Output out = new Output(in.size(), peers);
        for (int d = 0; d < peers.length; d++) {
            roundRobin[d] = (roundRobin[d] + 1) % peers[d];
        }
        final List<?> batchOut = fn.batch() ? fn.applyBatch(in) : null;
        for (int i = 0; i < in.size(); i++) {
            final Map<String, Object> old = in.get(i);
            final Object produced;
            if (batchOut != null) {
                produced = batchOut.get(i);
            } else {
                try {
                    produced = fn.apply(old);
                } catch (final Exception t) {
                    final Route route = peers.length == 0 || !router.routesExceptions() ? null
                        : router.routeException(old, t);
                    if (route == null) {
                        throw t;
                    }
                    send(route, out);
                    continue;
                }
            }
            if (produced instanceof Map<?, ?> map) {
                add(old, segment(map), out);
            } else if (produced instanceof List<?> list) {
                for (final Object item : list) {
                    if (!(item instanceof Map<?, ?> map)) {
                        throw new IllegalStateException("function " + fn.name() + " of task " + task
                            + " returned a list holding " + describe(item) + "; return maps (segments)");
                    }
                    add(old, segment(map), out);
                }
            } else if (produced != null) {
                throw new IllegalStateException("function " + fn.name() + " of task " + task + " returned "
                    + describe(produced) + "; return a map, a list of maps or null");
            }
        }
        return out;
    }

    /**
     * Routes segments a trigger emitted (or late segments) downstream, through the flow conditions and grouping.
     *
     * @throws Exception what a predicate or group-by function threw
     */
    Output route(final List<Map<String, Object>> segments) throws Exception {
        final Output out = new Output(segments.size(), peers);
        for (final Map<String, Object> segment : segments) {
            add(segment, segment, out);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> segment(final Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private void add(final Map<String, Object> old, final Map<String, Object> now, final Output out)
        throws Exception {
        out.results.add(now);
        if (peers.length == 0) {
            return;
        }
        if (router.unconditional()) {
            // No flow condition to ask: no route to make per segment.
            distribute(router.defaultTargets(), now, out);
        } else {
            send(router.route(old, now), out);
        }
    }

    private void send(final Route route, final Output out) throws Exception {
        if (route.nowhere()) {
            return;
        }
        Map<String, Object> segment = route.segment();
        if (!route.excludeKeys().isEmpty()) {
            segment = new HashMap<>(segment);
            segment.keySet().removeAll(route.excludeKeys());
        }
        distribute(route.targets(), segment, out);
    }

    /** Adds the segment to the outgoing list of the peer it goes to in each target task (bit d: downstream d). */
    private void distribute(final long targets, final Map<String, Object> segment, final Output out) throws Exception {
        for (int d = 0; d < peers.length; d++) {
            if ((targets & (1L << d)) == 0) {
                continue;
            }
            final int s = grouping[d] == null ? roundRobin[d] : GroupKey.slot(grouping[d].of(segment), peers[d],
                keyGroups);
            final List<List<Map<String, Object>>> perPeer = out.outgoing.get(d);
            List<Map<String, Object>> list = perPeer.get(s);
            if (list == null) {
                // Sized for the batch's share of this task's peers: no growing while the batch fills it.
                list = new ArrayList<>(Math.max(10, out.expected / peers[d] + 1));
                perPeer.set(s, list);
            }
            list.add(segment);
        }
    }

    private static String describe(final Object value) {
        return value == null ? "null" : "a " + value.getClass().getName();
    }
}
