package io.sardonyx.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.job.FlowCondition;
import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskSchedulerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Onyx's colors_flow_test and flow_exception_test, on a live embedded cluster. */
class FlowConditionsTest {
    private static final String FLOWS = "io.sardonyx.runtime.Flows::";
    private static Sardonyx sardonyx;

    @BeforeAll
    static void start() {
        sardonyx = RuntimeTestSupport.environment();
        sardonyx.startPeers(6);
    }

    @AfterAll
    static void stop() {
        sardonyx.close();
    }

    private static Map<String, Object> color(final String color, final boolean big) {
        return Map.of("color", color, "big", big, "secret", "s-" + color);
    }

    @Test
    void colorsAreRoutedByAllShortCircuitUnionAndExcludedKeys() throws Exception {
        final List<Map<String, Object>> input = List.of(color("white", false), color("red", false),
            color("blue", false), color("orange", false), color("green", false), color("green", true),
            color("black", false), color("purple", false));
        final Job job = Job.builder()
            .edge("in", "red-out").edge("in", "blue-out").edge("in", "green-out")
            .task(Task.input("in", "seq").batchSize(3).with("seq/elements", input))
            .task(Task.output("red-out", "collect").batchSize(10))
            .task(Task.output("blue-out", "collect").batchSize(10))
            .task(Task.output("green-out", "collect").batchSize(10))
            .flowCondition(FlowCondition.from("in").toAll().shortCircuit(true)
                .predicate(List.of(FLOWS + "colorIs", "color/want")).with("color/want", "white"))
            .flowCondition(FlowCondition.from("in").toNone().shortCircuit(true)
                .predicate(List.of(FLOWS + "colorIs", "color/want")).with("color/want", "black"))
            .flowCondition(FlowCondition.from("in").to("red-out").shortCircuit(true)
                .predicate(List.of(FLOWS + "colorIs", "color/want")).with("color/want", "red"))
            .flowCondition(FlowCondition.from("in").to("blue-out").shortCircuit(true).excludeKeys("secret")
                .predicate(List.of(FLOWS + "colorIs", "color/want")).with("color/want", "blue"))
            .flowCondition(FlowCondition.from("in").to("red-out")
                .predicate(List.of(FLOWS + "colorIs", "color/want")).with("color/want", "orange"))
            .flowCondition(FlowCondition.from("in").to("green-out").excludeKeys("big")
                .predicate(List.of("or", List.of(FLOWS + "colorIs", "color/want"),
                    List.of("and", FLOWS + "isGreen", List.of("not", FLOWS + "isBig"))))
                .with("color/want", "orange"))
            .taskScheduler(TaskSchedulerKind.BALANCED)
            .build();
        final JobHandle handle = sardonyx.submit(job);
        final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, handle);
        assertThat(outcome.completed()).as(outcome.reason()).isTrue();
        assertThat(colors(handle.collected("red-out"))).containsExactlyInAnyOrder("white", "red", "orange");
        assertThat(colors(handle.collected("blue-out"))).containsExactlyInAnyOrder("white", "blue");
        assertThat(colors(handle.collected("green-out"))).containsExactlyInAnyOrder("white", "orange", "green");
        assertThat(handle.collected("blue-out")).filteredOn(s -> "blue".equals(s.get("color")))
            .allMatch(s -> !s.containsKey("secret"));
        assertThat(handle.collected("blue-out")).filteredOn(s -> "white".equals(s.get("color")))
            .allMatch(s -> s.containsKey("secret"));
        assertThat(handle.collected("green-out")).filteredOn(s -> !"white".equals(s.get("color")))
            .allMatch(s -> !s.containsKey("big"));
    }

    @Test
    void peopleFlowToChildrenAdultsAthletesAndPolice() throws Exception {
        final Job job = Job.builder()
            .edge("in", "process").edge("process", "children").edge("process", "adults")
            .edge("process", "athletes").edge("process", "police")
            .task(Task.input("in", "seq").batchSize(2).with("seq/supplier", FLOWS + "people"))
            .task(Task.function("process", "io.sardonyx.runtime.Fns::identity").batchSize(2))
            .task(Task.output("children", "collect").batchSize(10))
            .task(Task.output("adults", "collect").batchSize(10))
            .task(Task.output("athletes", "collect").batchSize(10))
            .task(Task.output("police", "collect").batchSize(10))
            .flowCondition(FlowCondition.from("process").to("children").predicate(FLOWS + "isChild"))
            .flowCondition(FlowCondition.from("process").to("adults").predicate(FLOWS + "isAdult"))
            .flowCondition(FlowCondition.from("process").to("athletes")
                .predicate(List.of("and", FLOWS + "isAdult", List.of(FLOWS + "hasJob", "people/job")))
                .with("people/job", "athlete"))
            .flowCondition(FlowCondition.from("process").to("police")
                .predicate(List.of(FLOWS + "hasJob", "people/job")).with("people/job", "police"))
            .taskScheduler(TaskSchedulerKind.BALANCED)
            .build();
        final JobHandle handle = sardonyx.submit(job);
        assertThat(RuntimeTestSupport.await(sardonyx, handle).completed()).isTrue();
        assertThat(names(handle.collected("children"))).containsExactlyInAnyOrder("Benti", "Kristen");
        assertThat(names(handle.collected("adults")))
            .containsExactlyInAnyOrder("Mike", "Dorrene", "John", "Shannon", "Benti");
        assertThat(names(handle.collected("athletes"))).containsExactlyInAnyOrder("Mike", "John");
        assertThat(names(handle.collected("police"))).containsExactlyInAnyOrder("Dorrene", "Benti");
    }

    private static List<String> names(final List<Map<String, Object>> segments) {
        return segments.stream().map(s -> (String) s.get("name")).collect(Collectors.toList());
    }

    private static List<String> colors(final List<Map<String, Object>> segments) {
        return segments.stream().map(s -> (String) s.get("color")).collect(Collectors.toList());
    }

    @Test
    void exceptionsAreRoutedToTheErrorOutputInOrder() throws Exception {
        final Job job = Job.builder()
            .edge("in", "inc").edge("inc", "out").edge("inc", "error-out")
            .task(Task.input("in", "seq").batchSize(4).nPeers(1).with("seq/elements",
                RuntimeTestSupport.numbers(12)))
            .task(Task.function("inc", FLOWS + "incOrThrow").batchSize(4).nPeers(1))
            .task(Task.output("out", "collect").batchSize(4).nPeers(1))
            .task(Task.output("error-out", "collect").batchSize(4).nPeers(1))
            .flowCondition(FlowCondition.from("inc").to("error-out").shortCircuit(true).thrownException(true)
                .predicate(FLOWS + "isArithmetic").postTransform(FLOWS + "errorValue"))
            .flowCondition(FlowCondition.from("inc").to("error-out").shortCircuit(true).thrownException(true)
                .predicate(FLOWS + "isIllegalState").postTransform(FLOWS + "errorAbc"))
            .taskScheduler(TaskSchedulerKind.BALANCED)
            .build();
        final JobHandle handle = sardonyx.submit(job);
        final JobOutcome outcome = RuntimeTestSupport.await(sardonyx, handle);
        assertThat(outcome.completed()).as(outcome.reason()).isTrue();
        final List<Object> normal = new ArrayList<>();
        handle.collected("out").forEach(s -> normal.add(s.get("n")));
        assertThat(normal).containsExactly(2L, 4L, 8L, 10L, 12L);
        final List<Object> errors = new ArrayList<>();
        handle.collected("error-out").forEach(s -> errors.add(s.get("value")));
        assertThat(errors).containsExactly(0L, 2L, 4L, "abc", 6L, 8L, 10L);
    }
}
