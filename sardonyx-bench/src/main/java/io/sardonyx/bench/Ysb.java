package io.sardonyx.bench;

import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.job.TaskType;
import io.sardonyx.job.Trigger;
import io.sardonyx.job.TriggerKind;
import io.sardonyx.job.Window;
import io.sardonyx.job.WindowType;
import io.sardonyx.job.WindowUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * W3, in the style of the Yahoo streaming benchmark without its Redis join: ad events {@code {user, page, ad,
 * ad-type, event-type, t, ip}} (one in three a view) → keep the views → project to {@code {campaign, t}} (ten ads a
 * campaign, looked up in a table) → count per campaign in 10-second event-time windows, fired by the watermark, with
 * checkpoints every second. The event stream is {@link YsbEvents}, shared with the Flink side.
 */
public final class Ysb {
    private static final String BENCH = "io.sardonyx.bench.";

    private Ysb() {
    }

    static Job job(final long count) {
        return Job.builder().chain("in", "views", "project", "count", "out")
            .task(Task.input("in", BENCH + "Ysb$Input").batchSize(100).nPeers(1).with("bench/count", count)
                .with(Task.ASSIGN_WATERMARK_FN, BENCH + "Ysb::time"))
            .task(Task.function("views", BENCH + "Ysb::views").batchSize(100).nPeers(1))
            .task(Task.function("project", BENCH + "Ysb::project").batchSize(100).nPeers(1))
            .task(Task.builder("count", TaskType.REDUCE).batchSize(100).nPeers(1).with(Task.GROUP_BY_KEY, "campaign")
                .with("onyx/flux-policy", "recover"))
            .task(Task.output("out", BENCH + "BenchOutput").batchSize(100).nPeers(1))
            .window(Window.builder("ten-seconds", "count", WindowType.FIXED)
                .aggregation("onyx.windowing.aggregation/count").windowKey("t").range(10, WindowUnit.SECONDS))
            .trigger(Trigger.builder("watermark", "ten-seconds", TriggerKind.WATERMARK)
                .emit(BENCH + "Ysb::emit").evictAll())
            .jobConfig("onyx.peer/coordinator-barrier-period-ms", 1_000L)
            .taskScheduler(TaskSchedulerKind.BALANCED).build();
    }

    /** Event time, for onyx/assign-watermark-fn. */
    public static long time(final Map<String, Object> segment) {
        return (Long) segment.get("t");
    }

    /** The filter: views only. */
    public static Map<String, Object> views(final Map<String, Object> segment) {
        return YsbEvents.VIEW.equals(segment.get("event-type")) ? segment : null;
    }

    /** The projection, with the ad's campaign from the lookup table. */
    public static Map<String, Object> project(final Map<String, Object> segment) {
        final Map<String, Object> out = new HashMap<>(4);
        out.put("campaign", YsbEvents.campaignOf((Long) segment.get("ad")));
        out.put("t", segment.get("t"));
        return out;
    }

    /** One segment per fired campaign and window. */
    public static Map<String, Object> emit(final Map<String, Object> fired, final Object count) {
        return Map.of("campaign", fired.get("group-key"), "window", fired.get("lower-bound"), "count", count);
    }

    /** The event stream as a Sardonyx input. */
    public static final class Input extends CountedInput {
        @Override
        public Map<String, Object> make(final long n, final long nowNs) {
            final Map<String, Object> event = new HashMap<>(12);
            event.put("user", YsbEvents.user(n));
            event.put("page", YsbEvents.page(n));
            event.put("ad", YsbEvents.ad(n));
            event.put("ad-type", YsbEvents.adType(n));
            event.put("event-type", YsbEvents.eventType(n));
            event.put("t", YsbEvents.time(n));
            event.put("ip", YsbEvents.ip(n));
            return event;
        }
    }
}
