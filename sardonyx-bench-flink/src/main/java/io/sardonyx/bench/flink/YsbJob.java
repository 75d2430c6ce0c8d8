package io.sardonyx.bench.flink;

import io.sardonyx.bench.YsbEvents;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/** W3 on Flink: the Yahoo-style events, keep views, project to campaign, 10 s event-time count per campaign. */
final class YsbJob {
    private YsbJob() {
    }

    static void build(final StreamExecutionEnvironment env, final long count) {
        env.fromSequence(0, count - 1).map(new Make()).name("in")
            .filter(new Views()).name("views")
            .map(new Project()).name("project")
            .assignTimestampsAndWatermarks(WatermarkStrategy.<Projected>forMonotonousTimestamps()
                .withTimestampAssigner((p, ts) -> p.t))
            .keyBy(p -> p.campaign)
            .window(TumblingEventTimeWindows.of(Duration.ofSeconds(10)))
            .aggregate(new FlinkBench.Count<>())
            .sinkTo(new CountingSink<>()).name("out");
    }

    /** An ad event, as a POJO. */
    public static class Event {
        public String user;
        public String page;
        public long ad;
        public String adType;
        public String eventType;
        public long t;
        public String ip;
    }

    /** What the projection keeps. */
    public static class Projected {
        public long campaign;
        public long t;
    }

    static final class Make implements MapFunction<Long, Event> {
        private static final long serialVersionUID = 1L;

        @Override
        public Event map(final Long n) {
            final Event e = new Event();
            e.user = YsbEvents.user(n);
            e.page = YsbEvents.page(n);
            e.ad = YsbEvents.ad(n);
            e.adType = YsbEvents.adType(n);
            e.eventType = YsbEvents.eventType(n);
            e.t = YsbEvents.time(n);
            e.ip = YsbEvents.ip(n);
            return e;
        }
    }

    static final class Views implements FilterFunction<Event> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(final Event e) {
            return YsbEvents.VIEW.equals(e.eventType);
        }
    }

    static final class Project implements MapFunction<Event, Projected> {
        private static final long serialVersionUID = 1L;

        @Override
        public Projected map(final Event e) {
            final Projected p = new Projected();
            p.campaign = YsbEvents.campaignOf(e.ad);
            p.t = e.t;
            return p;
        }
    }
}
