package io.sardonyx.window;

import io.sardonyx.api.WindowAggregation;
import io.sardonyx.job.FunctionKind;
import io.sardonyx.job.Window;
import io.sardonyx.usercode.UserCode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in aggregations, as Onyx defines them: count, sum, min, max, average, conj and collect-by-key; and
 * custom ones by class. States are segment values so they can be checkpointed. Pure.
 */
public final class Aggregations {
    private Aggregations() {
    }

    /**
     * The aggregation a window names.
     *
     * @throws io.sardonyx.usercode.UserCodeException when a custom class cannot be made
     */
    public static WindowAggregation of(final Window window, final UserCode code) {
        final Window.Aggregation ref = window.aggregation();
        final String key = ref.key();
        final Object init = window.get(Window.INIT);
        return ref.builtIn().map(name -> builtIn(name, key, init)).orElseGet(() ->
            code.instance(ref.name(), FunctionKind.AGGREGATION_CLASS, WindowAggregation.class, List.of()));
    }

    static WindowAggregation builtIn(final String name, final String key, final Object init) {
        switch (name) {
            case "count":
                return new Count();
            case "sum":
                return new Sum(key);
            case "min":
                return new Extreme(key, init, -1);
            case "max":
                return new Extreme(key, init, 1);
            case "average":
                return new Average(key);
            case "conj":
                return new Conj();
            case "collect-by-key":
                return new CollectByKey(key);
            default:
                throw new IllegalArgumentException("no built-in aggregation " + name);
        }
    }

    /** The numeric value of a segment key, or an error naming the key. */
    static Object number(final Map<String, Object> segment, final String key) {
        final Object v = segment.get(key);
        if (v instanceof Long || v instanceof Double) {
            return v;
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("segment key \"" + key + "\" holds " + (v == null ? "nothing"
            : "a " + v.getClass().getSimpleName()) + "; the aggregation needs a number");
    }

    static Object add(final Object a, final Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return x + y;
        }
        return ((Number) a).doubleValue() + ((Number) b).doubleValue();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(final Object a, final Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return a instanceof Long && b instanceof Long ? Long.compare((Long) a, (Long) b)
                : Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof Comparable c && a.getClass() == b.getClass()) {
            return c.compareTo(b);
        }
        throw new IllegalArgumentException("cannot compare a " + a.getClass().getSimpleName() + " with a "
            + b.getClass().getSimpleName());
    }

    private static final class Count implements WindowAggregation {
        @Override
        public Object init(final Map<String, Object> window) {
            return 0L;
        }

        @Override
        public Object applyStateUpdate(final Map<String, Object> window, final Object state, final Object update) {
            return (Long) state + 1;
        }

        @Override
        public Object superAggregate(final Map<String, Object> window, final Object first, final Object second) {
            return (Long) first + (Long) second;
        }
    }

    private record Sum(String key) implements WindowAggregation {
        @Override
        public Object init(final Map<String, Object> window) {
            return 0L;
        }

        @Override
        public Object createStateUpdate(final Map<String, Object> window, final Map<String, Object> segment) {
            return number(segment, key);
        }

        @Override
        public Object applyStateUpdate(final Map<String, Object> window, final Object state, final Object update) {
            return add(state, update);
        }

        @Override
        public Object superAggregate(final Map<String, Object> window, final Object first, final Object second) {
            return add(first, second);
        }
    }

    private record Extreme(String key, Object start, int sign) implements WindowAggregation {
        @Override
        public Object init(final Map<String, Object> window) {
            return start instanceof Integer i ? (Object) i.longValue() : start;
        }

        @Override
        public Object createStateUpdate(final Map<String, Object> window, final Map<String, Object> segment) {
            return number(segment, key);
        }

        @Override
        public Object applyStateUpdate(final Map<String, Object> window, final Object state, final Object update) {
            return state == null || sign * compare(update, state) > 0 ? update : state;
        }

        @Override
        public Object superAggregate(final Map<String, Object> window, final Object first, final Object second) {
            return applyStateUpdate(window, first, second);
        }
    }

    private record Average(String key) implements WindowAggregation {
        @Override
        public Object init(final Map<String, Object> window) {
            return state(0L, 0L);
        }

        private static Map<String, Object> state(final Object sum, final long n) {
            final Map<String, Object> s = new LinkedHashMap<>(4);
            s.put("sum", sum);
            s.put("n", n);
            s.put("average", n == 0 ? null : ((Number) sum).doubleValue() / n);
            return s;
        }

        @Override
        public Object createStateUpdate(final Map<String, Object> window, final Map<String, Object> segment) {
            return number(segment, key);
        }

        @Override
        public Object applyStateUpdate(final Map<String, Object> window, final Object state, final Object update) {
            final Map<?, ?> s = (Map<?, ?>) state;
            return state(add(s.get("sum"), update), (Long) s.get("n") + 1);
        }

        @Override
        public Object superAggregate(final Map<String, Object> window, final Object first, final Object second) {
            final Map<?, ?> a = (Map<?, ?>) first;
            final Map<?, ?> b = (Map<?, ?>) second;
            return state(add(a.get("sum"), b.get("sum")), (Long) a.get("n") + (Long) b.get("n"));
        }
    }

    private static final class Conj implements WindowAggregation {
        @Override
        public Object init(final Map<String, Object> window) {
            return new ArrayList<>();
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object applyStateUpdate(final Map<String, Object> window, final Object state, final Object update) {
            final List<Object> list = state instanceof ArrayList<?> l ? (List<Object>) l : new ArrayList<>(
                (List<Object>) state);
            list.add(update);
            return list;
        }

        @Override
        public Object superAggregate(final Map<String, Object> window, final Object first, final Object second) {
            final List<Object> list = new ArrayList<>((List<?>) first);
            list.addAll((List<?>) second);
            return list;
        }
    }

    /** {@code {String.valueOf(key value): [segments]}}: map keys are strings so the state is a segment value. */
    private record CollectByKey(String key) implements WindowAggregation {
        @Override
        public Object init(final Map<String, Object> window) {
            return new HashMap<>();
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object applyStateUpdate(final Map<String, Object> window, final Object state, final Object update) {
            final Map<String, Object> map = state instanceof HashMap<?, ?> m ? (Map<String, Object>) m
                : new HashMap<>((Map<String, Object>) state);
            final Object value = ((Map<?, ?>) update).get(key);
            final List<Object> list = (List<Object>) map.computeIfAbsent(String.valueOf(value), k -> new ArrayList<>());
            final List<Object> grown = list instanceof ArrayList<?> ? list : new ArrayList<>(list);
            grown.add(update);
            map.put(String.valueOf(value), grown);
            return map;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object superAggregate(final Map<String, Object> window, final Object first, final Object second) {
            final Map<String, Object> out = new HashMap<>((Map<String, Object>) first);
            ((Map<String, Object>) second).forEach((k, v) -> out.merge(k, v, (a, b) -> {
                final List<Object> l = new ArrayList<>((List<Object>) a);
                l.addAll((List<Object>) b);
                return l;
            }));
            return out;
        }
    }
}
