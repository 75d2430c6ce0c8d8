package io.sardonyx.flow;

import io.sardonyx.job.FlowCondition;
import io.sardonyx.job.FunctionKind;
import io.sardonyx.job.Job;
import io.sardonyx.job.PredicateExpression;
import io.sardonyx.usercode.UserCalls;
import io.sardonyx.usercode.UserCode;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The flow conditions of one task, compiled. Semantics follow Onyx: conditions apply in order; matching
 * conditions union their targets and excluded keys; the first matching short-circuit condition ends the
 * search. A task with no (normal) conditions sends everything to every downstream task except those that only
 * receive exceptions; a task with conditions sends a segment no condition matches nowhere. An exception is
 * routed by the first matching {@code flow/thrown-exception?} condition, transformed by its post-transform; when
 * none matches it is not routed (the caller rethrows it).
 */
public final class FlowRouter {
    private final List<String> downstream;
    private final List<Compiled> normal = new ArrayList<>();
    private final List<Compiled> exceptional = new ArrayList<>();
    private final long defaultTargets;

    /**
     * @param job        the job
     * @param task       the task whose output is routed
     * @param downstream its downstream tasks, in the order targets are numbered
     * @param code       resolves predicates and post-transforms
     */
    public FlowRouter(final Job job, final String task, final List<String> downstream, final UserCode code) {
        if (downstream.size() > Long.SIZE) {
            throw new IllegalArgumentException("task " + task + " has " + downstream.size()
                + " downstream tasks; at most 64 are supported");
        }
        this.downstream = List.copyOf(downstream);
        long exceptionTargets = 0;
        for (final FlowCondition condition : job.flowConditions()) {
            if (!applies(condition, task)) {
                continue;
            }
            final Compiled compiled = compile(condition, code);
            if (condition.thrownException()) {
                exceptional.add(compiled);
                exceptionTargets |= compiled.targets;
            } else {
                normal.add(compiled);
            }
        }
        final long all = downstream.isEmpty() ? 0 : -1L >>> (Long.SIZE - downstream.size());
        this.defaultTargets = all & ~exceptionTargets;
    }

    private boolean applies(final FlowCondition condition, final String task) {
        if (condition.from().equals(task)) {
            return true;
        }
        if (!"all".equals(condition.from())) {
            return false;
        }
        return condition.toAll() || condition.toNone() || downstream.containsAll(condition.toTasks());
    }

    private Compiled compile(final FlowCondition condition, final UserCode code) {
        long targets = 0;
        if (condition.toAll()) {
            targets = downstream.isEmpty() ? 0 : -1L >>> (Long.SIZE - downstream.size());
        } else if (!condition.toNone()) {
            for (final String to : condition.toTasks()) {
                final int i = downstream.indexOf(to);
                if (i >= 0) {
                    targets |= 1L << i;
                }
            }
        }
        final Predicate predicate = compile(condition.predicate(), condition, code);
        final MethodHandle post = condition.postTransform()
            .map(ref -> code.method(ref, FunctionKind.POST_TRANSFORM, 2, List.of())).orElse(null);
        return new Compiled(targets, condition.excludeKeys(), condition.shortCircuit(), predicate, post);
    }

    private static Predicate compile(final PredicateExpression expression, final FlowCondition condition,
                                     final UserCode code) {
        if (expression instanceof PredicateExpression.And and) {
            final List<Predicate> operands = new ArrayList<>();
            and.operands().forEach(p -> operands.add(compile(p, condition, code)));
            return (old, now) -> {
                for (final Predicate p : operands) {
                    if (!p.test(old, now)) {
                        return false;
                    }
                }
                return true;
            };
        }
        if (expression instanceof PredicateExpression.Or or) {
            final List<Predicate> operands = new ArrayList<>();
            or.operands().forEach(p -> operands.add(compile(p, condition, code)));
            return (old, now) -> {
                for (final Predicate p : operands) {
                    if (p.test(old, now)) {
                        return true;
                    }
                }
                return false;
            };
        }
        if (expression instanceof PredicateExpression.Not not) {
            final Predicate operand = compile(not.operand(), condition, code);
            return (old, now) -> !operand.test(old, now);
        }
        final PredicateExpression.Ref ref = (PredicateExpression.Ref) expression;
        final List<Object> params = new ArrayList<>();
        ref.paramKeys().forEach(key -> params.add(condition.attributes().get(key)));
        final FunctionKind kind = condition.thrownException() ? FunctionKind.EXCEPTION_PREDICATE
            : FunctionKind.FLOW_PREDICATE;
        final int k = params.size();
        // The predicate takes (new, params...) or (old, new, params...); bind the params at the end.
        final boolean withOld = code.hasArity(ref.function(), k + 2);
        final MethodHandle bound = code.method(ref.function(), kind, k + (withOld ? 2 : 1), params, false);
        if (withOld) {
            return (old, now) -> (Boolean) UserCalls.call(bound, old, now);
        }
        return (old, now) -> (Boolean) UserCalls.call(bound, now);
    }

    /** True when no flow condition applies to what the function returns: every segment goes to every target. */
    public boolean unconditional() {
        return normal.isEmpty();
    }

    /** The targets of a segment no flow condition applies to (bit i: the i-th downstream task). */
    public long defaultTargets() {
        return defaultTargets;
    }

    /** The downstream tasks, in target order. */
    public List<String> downstream() {
        return downstream;
    }

    /**
     * Routes a segment the function produced.
     *
     * @param old the segment the function was given
     * @param now the segment it returned
     * @throws Exception what a predicate threw
     */
    public Route route(final Map<String, Object> old, final Map<String, Object> now) throws Exception {
        if (normal.isEmpty()) {
            return new Route(defaultTargets, List.of(), now);
        }
        long targets = 0;
        Set<String> excluded = null;
        for (final Compiled c : normal) {
            if (c.predicate.test(old, now)) {
                targets |= c.targets;
                if (!c.excludeKeys.isEmpty()) {
                    if (excluded == null) {
                        excluded = new LinkedHashSet<>();
                    }
                    excluded.addAll(c.excludeKeys);
                }
                if (c.shortCircuit) {
                    break;
                }
            }
        }
        return new Route(targets, excluded == null ? List.of() : List.copyOf(excluded), now);
    }

    /**
     * Routes the exception a function threw for a segment, or returns null when no exception condition matches.
     *
     * @throws Exception what a predicate or post-transform threw
     */
    public Route routeException(final Map<String, Object> old, final Exception exception) throws Exception {
        for (final Compiled c : exceptional) {
            if (c.predicate.test(old, exception)) {
                @SuppressWarnings("unchecked")
                final Map<String, Object> sent = c.postTransform == null ? old
                    : (Map<String, Object>) UserCalls.call(c.postTransform, old, exception);
                return new Route(c.targets, c.excludeKeys, sent);
            }
        }
        return null;
    }

    /** True when the task has exception routes. */
    public boolean routesExceptions() {
        return !exceptional.isEmpty();
    }

    @FunctionalInterface
    private interface Predicate {
        boolean test(Object old, Object now) throws Exception;
    }

    private record Compiled(long targets, List<String> excludeKeys, boolean shortCircuit, Predicate predicate,
                            MethodHandle postTransform) {
    }
}
