package io.sardonyx.job;

import io.sardonyx.codec.JsonText;
import static io.sardonyx.job.Findings.q;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Windows: ids, tasks, types with the keys each type needs, aggregations. */
final class WindowChecks {
    private static final String EVENT_TIME_KEY = "the segment key holding each segment's event time";
    private static final List<String> TYPES = Arrays.stream(WindowType.values()).map(WindowType::key).toList();

    private static final List<String> LATE = List.of("update", "drop", "emit");

    private final Job job;
    private final Map<String, Task> tasks;
    private final FunctionChecker functions;
    private final Findings findings;

    WindowChecks(final Job job, final Map<String, Task> tasks, final FunctionChecker functions,
                 final Findings findings) {
        this.job = job;
        this.tasks = tasks;
        this.functions = functions;
        this.findings = findings;
    }

    /** Checks every window and returns the windows by id (the first of any duplicates). */
    Map<String, Window> run() {
        final Map<String, Window> byId = new LinkedHashMap<>();
        for (int i = 0; i < job.windows().size(); i++) {
            final Window window = job.windows().get(i);
            final String id = window.id();
            final String subject = id == null ? "windows[" + i + "]" : "window " + q(id);
            final EntryCheck check = new EntryCheck(findings, subject, window, functions);
            check.knownKeys(InformationModel.Section.WINDOWS);
            check.requiredName(Window.ID, "window").ifPresent(name -> {
                if (byId.putIfAbsent(name, window) != null) {
                    check.error("is defined more than once; window ids must be unique in the job");
                }
            });
            check.requiredString(Window.TASK, "the name of the task whose input is windowed")
                .filter(task -> !tasks.containsKey(task))
                .ifPresent(task -> check.unknownName(Window.TASK, task, "task", tasks.keySet()));
            check.string(Window.DOC, "a string");
            check.integer(Window.MIN_VALUE, Long.MIN_VALUE, "the lowest window-key value");
            final Object late = window.get(Window.LATE_SEGMENTS);
            if (late != null && !LATE.contains(late)) {
                check.error(q(Window.LATE_SEGMENTS) + " must be one of " + LATE + "; got "
                    + JsonValues.describe(late));
            }
            final WindowType type = type(window, check);
            if (type != null) {
                extents(window, type, check);
            }
            aggregation(window, check);
            final Task task = window.task() == null ? null : tasks.get(window.task());
            if (task != null && task.groupByKey().isEmpty() && task.groupByFn().isEmpty() && task.maxPeers() > 1) {
                check.error("is on task " + q(task.name()) + ", which is not grouped and may run on several peers: "
                    + "each peer would aggregate only the segments it received and fire a partial result. Group the "
                    + "task (" + q(Task.GROUP_BY_KEY) + " or " + q(Task.GROUP_BY_FN) + "), or give it "
                    + q(Task.N_PEERS) + " 1");
            }
        }
        for (final Task task : tasks.values()) {
            if (task.type() == TaskType.REDUCE
                && byId.values().stream().noneMatch(w -> task.name().equals(w.task()))) {
                findings.error("task " + q(task.name()), "is a reduce task without a window; a reduce task only "
                    + "feeds windows, so give it at least one");
            }
        }
        return byId;
    }

    private WindowType type(final Window window, final EntryCheck check) {
        final Optional<String> raw = check.requiredString(Window.TYPE, "one of " + TYPES);
        if (raw.isPresent() && window.type() == null) {
            check.error(q(Window.TYPE) + " is " + q(raw.get()) + "; it must be one of " + TYPES
                + Suggestions.didYouMean(raw.get(), TYPES));
        }
        return window.type();
    }

    private void extents(final Window window, final WindowType type, final EntryCheck check) {
        final String kind = "a " + type.key() + " window";
        final Optional<WindowMeasure> range = check.measure(Window.RANGE);
        final Optional<WindowMeasure> slide = check.measure(Window.SLIDE);
        final Optional<WindowMeasure> gap = check.measure(Window.TIMEOUT_GAP);
        switch (type) {
            case FIXED, SLIDING -> {
                requireKey(window, check, Window.RANGE, kind, "e.g. [5, \"minutes\"]");
                if (type == WindowType.SLIDING) {
                    requireKey(window, check, Window.SLIDE, kind, "e.g. [1, \"minute\"]");
                } else {
                    check.notAllowed(Window.SLIDE, "has no meaning for " + kind + " (a fixed window slides by its "
                        + "range); use type \"sliding\"");
                }
                check.notAllowed(Window.TIMEOUT_GAP, "applies to session windows only");
                if (range.isPresent() && slide.isPresent()) {
                    if (range.get().unit().isTime() != slide.get().unit().isTime()) {
                        check.error(q(Window.SLIDE) + " and " + q(Window.RANGE) + " must both be times or both be "
                            + "element counts");
                    } else if (slide.get().standardUnits() > range.get().standardUnits()) {
                        check.error(q(Window.SLIDE) + " " + JsonText.write(slide.get().toJson()) + " is longer than "
                            + q(Window.RANGE) + " " + JsonText.write(range.get().toJson())
                            + "; segments between windows would be lost");
                    }
                }
                final boolean counted = range.filter(r -> !r.unit().isTime()).isPresent();
                if (!counted) {
                    requireKey(window, check, Window.WINDOW_KEY, kind, EVENT_TIME_KEY);
                }
            }
            case SESSION -> {
                requireKey(window, check, Window.TIMEOUT_GAP, kind, "e.g. [30, \"minutes\"]");
                gap.filter(g -> !g.unit().isTime()).ifPresent(g -> check.error(q(Window.TIMEOUT_GAP)
                    + " must be a time, not an element count"));
                requireKey(window, check, Window.WINDOW_KEY, kind, EVENT_TIME_KEY);
                check.notAllowed(Window.RANGE, "has no meaning for a session window; its extent is set by "
                    + q(Window.TIMEOUT_GAP));
                check.notAllowed(Window.SLIDE, "has no meaning for a session window");
            }
            case GLOBAL -> {
                check.notAllowed(Window.RANGE, "has no meaning for a global window, which covers all time");
                check.notAllowed(Window.SLIDE, "has no meaning for a global window, which covers all time");
                check.notAllowed(Window.TIMEOUT_GAP, "applies to session windows only");
            }
            default -> throw new IllegalStateException("unknown window type " + type);
        }
        check.string(Window.WINDOW_KEY, "a segment key");
    }

    private static void requireKey(final Window window, final EntryCheck check, final String key, final String kind,
                                   final String example) {
        if (!window.has(key)) {
            check.error(q(key) + " is missing; " + kind + " needs it (" + example + ")");
        }
    }

    private void aggregation(final Window window, final EntryCheck check) {
        if (!window.has(Window.AGGREGATION)) {
            check.error(q(Window.AGGREGATION) + " is missing; e.g. \"onyx.windowing.aggregation/count\" or "
                + "[\"onyx.windowing.aggregation/sum\", \"amount\"]");
            return;
        }
        final Window.Aggregation aggregation;
        try {
            aggregation = window.aggregation();
        } catch (final IllegalArgumentException e) {
            check.error(q(Window.AGGREGATION) + ": " + e.getMessage());
            return;
        }
        final Optional<String> builtIn = aggregation.builtIn();
        if (builtIn.isEmpty()) {
            final String bare = aggregation.name().startsWith(Window.Aggregation.NAMESPACE)
                ? aggregation.name().substring(Window.Aggregation.NAMESPACE.length()) : aggregation.name();
            if (aggregation.name().startsWith(Window.Aggregation.NAMESPACE) || !aggregation.name().contains(".")) {
                check.error(q(Window.AGGREGATION) + " " + q(aggregation.name()) + " is neither a built-in aggregation "
                    + Window.Aggregation.BUILT_IN.keySet().stream().sorted().toList() + " nor a class name"
                    + Suggestions.closest(bare, Window.Aggregation.BUILT_IN.keySet())
                    .map(a -> "; did you mean " + q(Window.Aggregation.NAMESPACE + a) + "?").orElse(""));
            } else {
                check.function(Window.AGGREGATION, aggregation.name(), FunctionKind.AGGREGATION_CLASS, List.of());
            }
            return;
        }
        final boolean takesKey = Window.Aggregation.BUILT_IN.get(builtIn.get());
        if (takesKey && aggregation.key() == null) {
            check.error(q(Window.AGGREGATION) + " " + q(builtIn.get()) + " needs the segment key it aggregates: ["
                + q(aggregation.name()) + ", \"key\"]");
        } else if (!takesKey && aggregation.key() != null) {
            check.error(q(Window.AGGREGATION) + " " + q(builtIn.get()) + " takes no key; write just "
                + q(aggregation.name()));
        }
        if (("min".equals(builtIn.get()) || "max".equals(builtIn.get())) && !window.has(Window.INIT)) {
            check.error(q(Window.INIT) + " is missing; the " + builtIn.get() + " aggregation needs a starting value");
        }
    }
}
