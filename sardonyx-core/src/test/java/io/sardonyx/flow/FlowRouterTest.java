package io.sardonyx.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.job.FlowCondition;
import io.sardonyx.job.Job;
import io.sardonyx.job.JobBuilder;
import io.sardonyx.job.PackagePolicy;
import io.sardonyx.job.Task;
import io.sardonyx.usercode.UserCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flow conditions as Onyx has them, on the router alone: no cluster, no thread. */
public class FlowRouterTest {
    private static final UserCode CODE = new UserCode(FlowRouterTest.class.getClassLoader(), PackagePolicy.ANY);
    private static final String FNS = FlowRouterTest.class.getName() + "::";
    private static final List<String> DOWN = List.of("evens", "big", "errors");

    public static boolean isEven(final Map<String, Object> segment) {
        return (Long) segment.get("n") % 2 == 0;
    }

    public static boolean above(final Map<String, Object> segment, final long limit) {
        return (Long) segment.get("n") > limit;
    }

    public static boolean grew(final Map<String, Object> old, final Map<String, Object> now) {
        return (Long) now.get("n") > (Long) old.get("n");
    }

    public static boolean isArgument(final Throwable e) {
        return e instanceof IllegalArgumentException;
    }

    public static Map<String, Object> explain(final Map<String, Object> segment, final Throwable e) {
        return Map.of("failed", segment.get("n"), "why", e.getMessage());
    }

    private static Job job(final FlowCondition.Builder... conditions) {
        final JobBuilder builder = Job.builder().edge("in", "f").edge("f", "evens").edge("f", "big").edge("f", "errors")
            .task(Task.input("in", "seq")).task(Task.function("f", FNS + "isEven"))
            .task(Task.output("evens", "collect")).task(Task.output("big", "collect"))
            .task(Task.output("errors", "collect"));
        for (final FlowCondition.Builder c : conditions) {
            builder.flowCondition(c);
        }
        return builder.build();
    }

    private static FlowRouter router(final FlowCondition.Builder... conditions) {
        return new FlowRouter(job(conditions), "f", DOWN, CODE);
    }

    private static Map<String, Object> n(final long n) {
        return Map.of("n", n);
    }

    @Test
    void withoutConditionsEverySegmentGoesEverywhereButToExceptionOnlyTasks() throws Throwable {
        final FlowRouter plain = router();
        assertThat(plain.unconditional()).isTrue();
        assertThat(plain.route(n(1), n(2)).targets()).isEqualTo(0b111);
        final FlowRouter withErrors = router(FlowCondition.from("f").to("errors").shortCircuit(true)
            .thrownException(true).predicate(FNS + "isArgument"));
        assertThat(withErrors.route(n(1), n(2)).targets()).as("errors only receives exceptions").isEqualTo(0b011);
    }

    @Test
    void matchingConditionsUniteTheirTargetsAndExcludedKeysAndNoMatchGoesNowhere() throws Throwable {
        final FlowRouter r = router(
            FlowCondition.from("f").to("evens").predicate(FNS + "isEven").excludeKeys("secret"),
            FlowCondition.from("f").to("big").predicate(List.of(FNS + "above", "limit/n")).with("limit/n", 10L)
                .excludeKeys("tmp"));
        final Route both = r.route(n(11), n(12));
        assertThat(both.to(0)).isTrue();
        assertThat(both.to(1)).isTrue();
        assertThat(both.to(2)).isFalse();
        assertThat(both.excludeKeys()).containsExactly("secret", "tmp");
        assertThat(r.route(n(2), n(3)).nowhere()).as("odd and small: no condition matches").isTrue();
    }

    @Test
    void theFirstMatchingShortCircuitConditionEndsTheSearch() throws Throwable {
        final FlowRouter r = router(
            FlowCondition.from("f").to("evens").predicate(FNS + "isEven").shortCircuit(true).excludeKeys("a"),
            FlowCondition.from("f").to("big").predicate(List.of(FNS + "above", "limit/n")).with("limit/n", 0L)
                .excludeKeys("b"));
        final Route even = r.route(n(1), n(4));
        assertThat(even.targets()).isEqualTo(0b001);
        assertThat(even.excludeKeys()).containsExactly("a");
        assertThat(r.route(n(1), n(5)).targets()).isEqualTo(0b010);
    }

    @Test
    void predicatesComposeAndMayCompareTheOldSegmentWithTheNew() throws Throwable {
        final FlowRouter r = router(
            FlowCondition.from("f").to("evens").predicate(List.of("and", FNS + "isEven",
                List.of("not", List.of(FNS + "above", "limit/n")))).with("limit/n", 100L),
            FlowCondition.from("f").to("big").predicate(List.of("or", FNS + "grew", FNS + "isEven")));
        assertThat(r.route(n(1), n(4)).targets()).isEqualTo(0b011);
        assertThat(r.route(n(1), n(200)).targets()).as("even but above the limit; it grew").isEqualTo(0b010);
        assertThat(r.route(n(9), n(3)).nowhere()).isTrue();
    }

    @Test
    void anExceptionIsRoutedByTheFirstMatchingExceptionConditionThroughItsPostTransform() throws Throwable {
        final FlowRouter r = router(FlowCondition.from("f").to("errors").shortCircuit(true).thrownException(true)
            .predicate(FNS + "isArgument").postTransform(FNS + "explain"));
        assertThat(r.routesExceptions()).isTrue();
        final Route routed = r.routeException(n(7), new IllegalArgumentException("bad"));
        assertThat(routed.targets()).isEqualTo(0b100);
        assertThat(routed.segment()).isEqualTo(Map.of("failed", 7L, "why", "bad"));
        assertThat(r.routeException(n(7), new IllegalStateException("other"))).as("not routed: rethrown").isNull();
    }
}
