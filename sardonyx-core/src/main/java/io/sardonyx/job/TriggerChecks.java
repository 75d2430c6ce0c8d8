package io.sardonyx.job;

import io.sardonyx.codec.JsonText;
import static io.sardonyx.job.Findings.q;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Triggers: each fires a known window, is of a known kind with the keys that kind needs, and resolves. */
final class TriggerChecks {
    private static final List<String> KINDS = Arrays.stream(TriggerKind.values()).map(TriggerKind::key).toList();

    private final Job job;
    private final WorkflowGraph graph;
    private final Map<String, Window> windows;
    private final FunctionChecker functions;
    private final Findings findings;

    TriggerChecks(final Job job, final WorkflowGraph graph, final Map<String, Window> windows,
                  final FunctionChecker functions, final Findings findings) {
        this.job = job;
        this.graph = graph;
        this.windows = windows;
        this.functions = functions;
        this.findings = findings;
    }

    void run() {
        final Set<List<String>> ids = new HashSet<>();
        final Set<String> emittingTasks = new HashSet<>();
        for (int i = 0; i < job.triggers().size(); i++) {
            final Trigger trigger = job.triggers().get(i);
            final String subject = trigger.id() == null ? "triggers[" + i + "]" : "trigger " + q(trigger.id())
                + (trigger.windowId() == null ? "" : " of window " + q(trigger.windowId()));
            final EntryCheck check = new EntryCheck(findings, subject, trigger, functions);
            check.knownKeys(InformationModel.Section.TRIGGERS);
            final Optional<String> id = check.requiredName(Trigger.ID, "trigger");
            final Optional<String> windowId = check.requiredString(Trigger.WINDOW_ID, "the id of the window it fires");
            windowId.filter(w -> !windows.containsKey(w))
                .ifPresent(w -> check.unknownName(Trigger.WINDOW_ID, w, "window", windows.keySet()));
            if (id.isPresent() && windowId.isPresent() && !ids.add(List.of(windowId.get(), id.get()))) {
                check.error("is defined more than once for window " + q(windowId.get()) + "; trigger ids must be "
                    + "unique per window");
            }
            kind(trigger, check);
            check.function(Trigger.SYNC, FunctionKind.TRIGGER_SYNC, List.of());
            check.function(Trigger.EMIT, FunctionKind.TRIGGER_EMIT, List.of());
            if (!trigger.has(Trigger.SYNC) && !trigger.has(Trigger.EMIT)) {
                check.warning("has neither " + q(Trigger.SYNC) + " nor " + q(Trigger.EMIT) + "; firing it does nothing "
                    + "you can see");
            }
            check.bool(Trigger.FIRE_ALL_EXTENTS);
            check.string(Trigger.DOC, "a string");
            final Object evictor = trigger.get(Trigger.POST_EVICTOR);
            if (trigger.has(Trigger.POST_EVICTOR) && !List.of("all").equals(evictor)
                && !List.of("none").equals(evictor)) {
                check.error(q(Trigger.POST_EVICTOR) + " must be [\"all\"] (discard fired extents) or [\"none\"]; got "
                    + (evictor instanceof List<?> ? JsonText.write(evictor) : JsonValues.describe(evictor)));
            }
            final Window window = windowId.map(windows::get).orElse(null);
            if (window != null && window.task() != null && trigger.kind() == TriggerKind.WATERMARK
                && !watermarked(window.task())) {
                check.error("fires on the watermark, but no input task upstream of " + q(window.task()) + " has one, "
                    + "so it would fire only when the job's input runs out: give an input task "
                    + q(Task.ASSIGN_WATERMARK_FN) + " (a static long f(Map segment), the segment's event time in ms), "
                    + "or use another trigger");
            }
            if (window != null && window.task() != null && trigger.has(Trigger.EMIT)) {
                emittingTasks.add(window.task());
                if (graph.egress(window.task()).isEmpty()) {
                    check.warning(q(Trigger.EMIT) + " sends segments downstream of " + q(window.task())
                        + ", which has no downstream task; they go nowhere");
                }
            }
        }
        for (final Task task : job.catalog()) {
            if (task.type() == TaskType.REDUCE && task.name() != null && !graph.egress(task.name()).isEmpty()
                && !emittingTasks.contains(task.name())) {
                findings.error("task " + q(task.name()), "is a reduce task with downstream tasks but none of its "
                    + "windows' triggers has " + q(Trigger.EMIT) + "; only emitted segments leave a reduce task");
            }
        }
    }

    /**
     * True when an input task upstream of (or at) the task may set a watermark: it has an assign-watermark-fn, or its
     * plugin is a class (which may report one); the built-in plugins report none.
     */
    private boolean watermarked(final String task) {
        final Set<String> seen = new HashSet<>();
        final java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(task));
        while (!todo.isEmpty()) {
            final String name = todo.poll();
            if (!seen.add(name)) {
                continue;
            }
            final Task entry = job.task(name).orElse(null);
            if (entry != null && entry.type() == TaskType.INPUT && (entry.has(Task.ASSIGN_WATERMARK_FN)
                || entry.plugin().filter(p -> PluginAlias.fromKey(p) == null).isPresent())) {
                return true;
            }
            todo.addAll(graph.ingress(name));
        }
        return false;
    }

    private void kind(final Trigger trigger, final EntryCheck check) {
        final Optional<String> on = check.requiredString(Trigger.ON, "one of " + KINDS + " or a trigger class");
        final TriggerKind kind = trigger.kind();
        if (on.isPresent() && kind == null) {
            final String bare = on.get().startsWith(TriggerKind.NAMESPACE)
                ? on.get().substring(TriggerKind.NAMESPACE.length()) : on.get();
            if (on.get().startsWith(TriggerKind.NAMESPACE) || !on.get().contains(".")) {
                check.error(q(Trigger.ON) + " " + q(on.get()) + " is neither a built-in trigger " + KINDS
                    + " nor a class name" + Suggestions.closest(bare, Arrays.stream(TriggerKind.values())
                    .map(k -> k.key().substring(TriggerKind.NAMESPACE.length())).toList())
                    .map(k -> "; did you mean " + q(TriggerKind.NAMESPACE + k) + "?").orElse(""));
            } else {
                check.function(Trigger.ON, on.get(), FunctionKind.TRIGGER_CLASS, List.of());
            }
        }
        final Optional<WindowMeasure> threshold = check.measure(Trigger.THRESHOLD);
        final Optional<WindowMeasure> period = check.measure(Trigger.PERIOD);
        final Optional<WindowMeasure> delay = check.measure(Trigger.DELAY);
        if (kind == null) {
            return;
        }
        final String name = "a " + kind.key() + " trigger";
        only(trigger, check, kind == TriggerKind.SEGMENT, Trigger.THRESHOLD, name, "[1000, \"elements\"]");
        threshold.filter(t -> t.unit().isTime()).ifPresent(t -> check.error(q(Trigger.THRESHOLD)
            + " counts segments: write [n, \"elements\"]"));
        only(trigger, check, kind == TriggerKind.TIMER, Trigger.PERIOD, name, "[5, \"seconds\"]");
        period.filter(p -> !p.unit().isTime()).ifPresent(p -> check.error(q(Trigger.PERIOD)
            + " is a time: write [n, \"seconds\"] or another time unit"));
        only(trigger, check, kind == TriggerKind.PUNCTUATION, Trigger.PRED, name, "\"com.acme.Preds::isEnd\"");
        check.function(Trigger.PRED, FunctionKind.TRIGGER_PRED, List.of());
        if (kind != TriggerKind.WATERMARK) {
            check.notAllowed(Trigger.DELAY, "applies to watermark triggers only");
        }
        delay.filter(d -> !d.unit().isTime()).ifPresent(d -> check.error(q(Trigger.DELAY) + " must be a time"));
        only(trigger, check, kind == TriggerKind.PERCENTILE_WATERMARK, Trigger.WATERMARK_PERCENTAGE, name, "0.95");
        final Object pct = trigger.get(Trigger.WATERMARK_PERCENTAGE);
        if (pct != null && !(pct instanceof Number n && n.doubleValue() > 0 && n.doubleValue() <= 1)) {
            check.error(q(Trigger.WATERMARK_PERCENTAGE) + " must be a fraction above 0 and at most 1, e.g. 0.95; got "
                + JsonValues.describe(pct));
        }
    }

    /** A key required by one trigger kind and meaningless for the others. */
    private static void only(final Trigger trigger, final EntryCheck check, final boolean needed, final String key,
                             final String name, final String example) {
        if (needed && !trigger.has(key)) {
            check.error(q(key) + " is missing; " + name + " needs it, e.g. " + example);
        } else if (!needed) {
            check.notAllowed(key, "has no meaning for " + name);
        }
    }
}
