package io.sardonyx.job;

import java.util.ArrayList;
import java.util.List;

/**
 * A flow predicate: a function reference, optionally with parameter keys ({@code ["com.acme.P::over",
 * "limit/max"]}: the values of those keys of the flow condition are passed after the segments), or a
 * composition {@code ["and", p, q, ...]}, {@code ["or", p, q, ...]}, {@code ["not", p]}, nested freely.
 */
public sealed interface PredicateExpression {
    /** A predicate function and the keys of the flow condition whose values it receives. */
    record Ref(String function, List<String> paramKeys) implements PredicateExpression {
        public Ref {
            paramKeys = List.copyOf(paramKeys);
        }
    }

    /** True when every operand is. */
    record And(List<PredicateExpression> operands) implements PredicateExpression {
        public And {
            operands = List.copyOf(operands);
        }
    }

    /** True when any operand is. */
    record Or(List<PredicateExpression> operands) implements PredicateExpression {
        public Or {
            operands = List.copyOf(operands);
        }
    }

    /** True when the operand is not. */
    record Not(PredicateExpression operand) implements PredicateExpression {
    }

    /** Every function reference in the expression, in order. */
    default List<Ref> refs() {
        final List<Ref> out = new ArrayList<>();
        collect(this, out);
        return out;
    }

    private static void collect(final PredicateExpression expression, final List<Ref> out) {
        if (expression instanceof Ref ref) {
            out.add(ref);
        } else if (expression instanceof And and) {
            and.operands().forEach(operand -> collect(operand, out));
        } else if (expression instanceof Or or) {
            or.operands().forEach(operand -> collect(operand, out));
        } else if (expression instanceof Not not) {
            collect(not.operand(), out);
        }
    }

    /**
     * Parses the JSON form.
     *
     * @throws IllegalArgumentException saying what is wrong and what would be right
     */
    static PredicateExpression parse(final Object raw) {
        if (raw instanceof String function) {
            return new Ref(function, List.of());
        }
        if (!(raw instanceof List<?> list) || list.isEmpty() || !(list.get(0) instanceof String head)) {
            throw new IllegalArgumentException("a predicate is a function reference such as \"com.acme.Preds::isEven\""
                + ", or a list starting with one, or with \"and\", \"or\" or \"not\"; got " + JsonValues.describe(raw));
        }
        final List<?> rest = list.subList(1, list.size());
        switch (head) {
            case "and", "or" -> {
                if (rest.size() < 2) {
                    throw new IllegalArgumentException(
                        "\"" + head + "\" needs at least two predicates, got " + rest.size());
                }
                final List<PredicateExpression> operands = new ArrayList<>();
                rest.forEach(operand -> operands.add(parse(operand)));
                return "and".equals(head) ? new And(operands) : new Or(operands);
            }
            case "not" -> {
                if (rest.size() != 1) {
                    throw new IllegalArgumentException("\"not\" needs exactly one predicate, got " + rest.size());
                }
                return new Not(parse(rest.get(0)));
            }
            default -> {
                if (!JsonValues.isStringList(rest)) {
                    throw new IllegalArgumentException("the parameters of predicate \"" + head
                        + "\" must be key names (strings) of the flow condition");
                }
                @SuppressWarnings("unchecked")
                final List<String> keys = (List<String>) rest;
                return new Ref(head, keys);
            }
        }
    }
}
