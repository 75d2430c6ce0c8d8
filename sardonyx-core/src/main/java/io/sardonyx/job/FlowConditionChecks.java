package io.sardonyx.job;

import static io.sardonyx.job.Findings.q;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Flow conditions: their tasks exist and are connected, their predicates resolve, their order is valid. */
final class FlowConditionChecks {
    private final Job job;
    private final WorkflowGraph graph;
    private final Map<String, Task> tasks;
    private final FunctionChecker functions;
    private final Findings findings;

    FlowConditionChecks(final Job job, final WorkflowGraph graph, final Map<String, Task> tasks,
                        final FunctionChecker functions, final Findings findings) {
        this.job = job;
        this.graph = graph;
        this.tasks = tasks;
        this.functions = functions;
        this.findings = findings;
    }

    void run() {
        final Map<String, Integer> lastNormal = new HashMap<>();
        for (int i = 0; i < job.flowConditions().size(); i++) {
            final FlowCondition condition = job.flowConditions().get(i);
            final String from = condition.from();
            final String subject = "flow-conditions[" + i + "]" + (from == null ? "" : " (from " + q(from) + ")");
            final EntryCheck check = new EntryCheck(findings, subject, condition, functions);
            check.knownKeys(InformationModel.Section.FLOW_CONDITIONS);
            final Optional<String> source = check.requiredString(FlowCondition.FROM, "a task name or \"all\"");
            source.filter(name -> !FlowCondition.ALL.equals(name) && !tasks.containsKey(name))
                .ifPresent(name -> check.unknownName(FlowCondition.FROM, name, "task", tasks.keySet()));
            final String known = source.filter(name -> FlowCondition.ALL.equals(name) || tasks.containsKey(name))
                .orElse(null);
            targets(condition, check, known, FlowCondition.TO, true);
            targets(condition, check, known, FlowCondition.PREDICATE_ERRORS_TO, false);
            check.bool(FlowCondition.SHORT_CIRCUIT);
            check.bool(FlowCondition.THROWN_EXCEPTION);
            check.stringList(FlowCondition.EXCLUDE_KEYS, "keys removed after routing");
            check.string(FlowCondition.DOC, "a string");
            predicate(condition, check);
            rules(condition, check);
            if (known != null) {
                order(condition, check, known, i, lastNormal);
            }
        }
    }

    private void targets(final FlowCondition condition, final EntryCheck check, final String from, final String key,
                         final boolean required) {
        final Object to = condition.get(key);
        if (to == null) {
            if (required) {
                check.error(q(key) + " is missing; it must be a list of downstream tasks, \"all\" or \"none\"");
            }
            return;
        }
        if (FlowCondition.ALL.equals(to) || FlowCondition.NONE.equals(to)) {
            return;
        }
        if (!JsonValues.isStringList(to) || ((List<?>) to).isEmpty()) {
            check.error(q(key) + " must be a non-empty list of downstream tasks, \"all\" or \"none\"; got "
                + JsonValues.describe(to));
            return;
        }
        for (final String target : condition.strings(key)) {
            if (!tasks.containsKey(target)) {
                check.unknownName(key, target, "task", tasks.keySet());
            } else if (from != null && !FlowCondition.ALL.equals(from) && !graph.egress(from).contains(target)) {
                check.error(q(key) + " names " + q(target) + ", which is not downstream of " + q(from) + " (its "
                    + "downstream tasks are " + graph.egress(from).stream().map(Findings::q).toList() + ")");
            }
        }
    }

    private void predicate(final FlowCondition condition, final EntryCheck check) {
        if (!condition.has(FlowCondition.PREDICATE)) {
            check.error(q(FlowCondition.PREDICATE) + " is missing; it must be a function reference such as "
                + "\"com.acme.Preds::isEven\" or a composition such as [\"and\", p, q]");
            return;
        }
        final PredicateExpression expression;
        try {
            expression = condition.predicate();
        } catch (final IllegalArgumentException e) {
            check.error(q(FlowCondition.PREDICATE) + ": " + e.getMessage());
            return;
        }
        final FunctionKind kind = Boolean.TRUE.equals(condition.get(FlowCondition.THROWN_EXCEPTION))
            ? FunctionKind.EXCEPTION_PREDICATE : FunctionKind.FLOW_PREDICATE;
        for (final PredicateExpression.Ref ref : expression.refs()) {
            final List<String> missing = ref.paramKeys().stream().filter(key -> !condition.has(key)).toList();
            if (!missing.isEmpty()) {
                check.error(q(FlowCondition.PREDICATE) + " passes " + missing.stream().map(Findings::q).toList()
                    + " to " + q(ref.function()) + " but the flow condition has no such key; add it with the value "
                    + "to pass");
                continue;
            }
            check.function(FlowCondition.PREDICATE, ref.function(), kind, check.valuesOf(ref.paramKeys()));
        }
    }

    private void rules(final FlowCondition condition, final EntryCheck check) {
        final boolean shortCircuit = Boolean.TRUE.equals(condition.get(FlowCondition.SHORT_CIRCUIT));
        final boolean thrown = Boolean.TRUE.equals(condition.get(FlowCondition.THROWN_EXCEPTION));
        final Object to = condition.get(FlowCondition.TO);
        if ((FlowCondition.ALL.equals(to) || FlowCondition.NONE.equals(to)) && !shortCircuit) {
            check.error(q(FlowCondition.TO) + " " + q(to) + " needs " + q(FlowCondition.SHORT_CIRCUIT) + " true");
        }
        if (thrown && !shortCircuit) {
            check.error(q(FlowCondition.THROWN_EXCEPTION) + " needs " + q(FlowCondition.SHORT_CIRCUIT) + " true: an "
                + "exception is routed by the first condition that matches it");
        }
        if (condition.has(FlowCondition.POST_TRANSFORM) && !thrown) {
            check.error(q(FlowCondition.POST_TRANSFORM) + " applies only to conditions with "
                + q(FlowCondition.THROWN_EXCEPTION) + " true");
        }
        check.function(FlowCondition.POST_TRANSFORM, FunctionKind.POST_TRANSFORM, List.of());
        if (condition.has(FlowCondition.ACTION)) {
            if ("retry".equals(condition.get(FlowCondition.ACTION))) {
                check.warning(q(FlowCondition.ACTION) + " \"retry\" has no effect: with barrier snapshots, "
                    + "segments are replayed from a checkpoint, not retried one by one");
            } else {
                check.error(q(FlowCondition.ACTION) + " must be \"retry\"; got "
                    + JsonValues.describe(condition.get(FlowCondition.ACTION)));
            }
        }
    }

    /** Short-circuit conditions must come before the other conditions of the same source task. */
    private void order(final FlowCondition condition, final EntryCheck check, final String from, final int index,
                       final Map<String, Integer> lastNormal) {
        final boolean shortCircuit = Boolean.TRUE.equals(condition.get(FlowCondition.SHORT_CIRCUIT));
        final Set<String> sources = FlowCondition.ALL.equals(from) ? tasks.keySet() : Set.of(from);
        if (!shortCircuit) {
            sources.forEach(name -> lastNormal.put(name, index));
            return;
        }
        for (final String name : sources) {
            final Integer before = lastNormal.get(name);
            if (before != null) {
                check.error("is a short-circuit condition after flow-conditions[" + before + "], which is not; "
                    + "short-circuit conditions of a task must come before its other conditions");
                return;
            }
        }
    }
}
