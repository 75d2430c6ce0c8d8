package io.sardonyx.plugin;

import io.sardonyx.job.FunctionKind;
import io.sardonyx.usercode.UserCalls;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code seq} input: the segments listed in the task's {@code "seq/elements"}, or those returned by the static
 * method named in {@code "seq/supplier"} (taking no arguments, returning a List or Iterable of maps). Peers of the
 * task split the elements by index as the {@code file} input splits lines ({@link SplitPositions}), so positions move
 * between peers when the task's peer count changes.
 */
public final class SeqInput implements InputPlugin {
    public static final String ELEMENTS = "seq/elements";
    public static final String SUPPLIER = "seq/supplier";

    private List<Map<String, Object>> all = List.of();
    private SplitPositions splits;
    private int next;

    @Override
    public void start(final PluginContext context) throws Exception {
        final Object elements = context.task().attributes().get(ELEMENTS);
        final Object supplier = context.task().attributes().get(SUPPLIER);
        final Iterable<?> source;
        if (elements instanceof List<?> list) {
            source = list;
        } else if (supplier instanceof String ref) {
            final MethodHandle handle = context.code().method(ref, FunctionKind.SEQ_SUPPLIER, 0, List.of());
            final Object made = UserCalls.call(handle);
            if (!(made instanceof Iterable<?> iterable)) {
                throw new IllegalArgumentException("task " + context.task().name() + ": \"" + SUPPLIER + "\" " + ref
                    + " returned " + (made == null ? "null" : made.getClass().getName()) + ", not a List of maps");
            }
            source = iterable;
        } else {
            throw new IllegalArgumentException("task " + context.task().name() + " uses plugin seq and needs \""
                + ELEMENTS + "\" (a list of segments) or \"" + SUPPLIER + "\" (a static method returning them)");
        }
        final List<Map<String, Object>> segments = new ArrayList<>();
        int i = 0;
        for (final Object element : source) {
            i++;
            if (!(element instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("task " + context.task().name() + ": element " + (i - 1)
                    + " of the seq is not a map (a segment) but " + element);
            }
            @SuppressWarnings("unchecked")
            final Map<String, Object> segment = (Map<String, Object>) map;
            segments.add(segment);
        }
        all = segments;
        splits = new SplitPositions("task " + context.task().name() + " (seq)", context);
        next = 0;
    }

    @Override
    public int poll(final List<Map<String, Object>> out, final int max) {
        int n = 0;
        while (n < max && next < all.size()) {
            final int i = next++;
            if (splits.take(i)) {
                out.add(all.get(i));
                n++;
            }
        }
        return n;
    }

    @Override
    public Object checkpoint() {
        return splits.checkpoint(next);
    }

    @Override
    public Object rescale(final List<Object> checkpoints) {
        return splits.merge(checkpoints);
    }

    @Override
    public void recover(final Object checkpoint) {
        splits.recover(checkpoint);
        next = splits.none() ? all.size() : (int) Math.min(splits.start(), all.size());
    }

    @Override
    public boolean completed() {
        return next >= all.size();
    }

    @Override
    public void close() {
        all = List.of();
    }
}
