package io.sardonyx.job;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A flow condition: routes the segments a task produces to some of its downstream tasks when a predicate
 * holds. Conditions are evaluated in job order; see the README for the full semantics.
 *
 * @param attributes the condition's {@code flow/*} keys, in file order
 */
public record FlowCondition(Map<String, Object> attributes) implements JobEntry {
    public static final String FROM = "flow/from";
    public static final String TO = "flow/to";
    public static final String PREDICATE = "flow/predicate";
    public static final String SHORT_CIRCUIT = "flow/short-circuit?";
    public static final String EXCLUDE_KEYS = "flow/exclude-keys";
    public static final String THROWN_EXCEPTION = "flow/thrown-exception?";
    public static final String POST_TRANSFORM = "flow/post-transform";
    public static final String PREDICATE_ERRORS_TO = "flow/predicate-errors-to";
    public static final String ACTION = "flow/action";
    public static final String DOC = "flow/doc";

    /** {@code flow/from} or {@code flow/to} value meaning every task. */
    public static final String ALL = "all";
    /** {@code flow/to} value meaning no task: the segment is dropped. */
    public static final String NONE = "none";

    public FlowCondition {
        attributes = JsonValues.freezeMap(attributes, "flow condition");
    }

    /** The source task name, or {@code "all"}. */
    public String from() {
        return get(FROM) instanceof String s ? s : null;
    }

    /** True when {@code flow/to} is {@code "all"}. */
    public boolean toAll() {
        return ALL.equals(get(TO));
    }

    /** True when {@code flow/to} is {@code "none"}. */
    public boolean toNone() {
        return NONE.equals(get(TO));
    }

    /** The named target tasks; empty for {@code "all"} and {@code "none"}. */
    public List<String> toTasks() {
        return get(TO) instanceof List<?> ? strings(TO) : List.of();
    }

    /** The parsed predicate. */
    public PredicateExpression predicate() {
        return PredicateExpression.parse(get(PREDICATE));
    }

    public boolean shortCircuit() {
        return flag(SHORT_CIRCUIT, false);
    }

    public boolean thrownException() {
        return flag(THROWN_EXCEPTION, false);
    }

    public List<String> excludeKeys() {
        return strings(EXCLUDE_KEYS);
    }

    public Optional<String> postTransform() {
        return string(POST_TRANSFORM);
    }

    /** Starts a condition routing segments from the given task. */
    public static Builder from(final String task) {
        return new Builder().with(FROM, task);
    }

    /** Fluent builder; each setter writes the Onyx key of the same name. */
    public static final class Builder extends EntryBuilder<Builder, FlowCondition> {
        Builder() {
            super(FlowCondition::new);
        }

        /** Routes to the named tasks. */
        public Builder to(final String... tasks) {
            return withList(TO, (Object[]) tasks);
        }

        public Builder toAll() {
            return with(TO, ALL);
        }

        public Builder toNone() {
            return with(TO, NONE);
        }

        /** A predicate: a function reference, or a list such as {@code ["and", p, q]}. */
        public Builder predicate(final Object predicate) {
            return with(PREDICATE, predicate);
        }

        public Builder shortCircuit(final boolean shortCircuit) {
            return with(SHORT_CIRCUIT, shortCircuit);
        }

        public Builder excludeKeys(final String... keys) {
            return withList(EXCLUDE_KEYS, (Object[]) keys);
        }

        public Builder thrownException(final boolean thrownException) {
            return with(THROWN_EXCEPTION, thrownException);
        }

        public Builder postTransform(final String fn) {
            return with(POST_TRANSFORM, fn);
        }

        @Override
        public Builder doc(final String doc) {
            return with(DOC, doc);
        }
    }
}
