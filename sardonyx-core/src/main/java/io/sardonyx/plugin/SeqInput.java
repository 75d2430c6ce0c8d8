package io.sardonyx.plugin;

import io.sardonyx.job.FunctionKind;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code seq} input: the segments listed in the task's {@code "seq/elements"}, or those returned by the static
 * method named in {@code "seq/supplier"} (taking no arguments, returning a List or Iterable of maps). Peers of the
 * task split the elements by index (element i goes to slot i mod peers). The checkpoint is how many of this
 * slot's elements were read.
 */
public final class SeqInput implements InputPlugin {
    public static final String ELEMENTS = "seq/elements";
    public static final String SUPPLIER = "seq/supplier";

    private List<Map<String, Object>> mine = List.of();
    private int next;

    @Override
    @SuppressWarnings("checkstyle:IllegalCatch")
    public void start(final PluginContext context) throws Exception {
        final Object elements = context.task().attributes().get(ELEMENTS);
        final Object supplier = context.task().attributes().get(SUPPLIER);
        final Iterable<?> all;
        if (elements instanceof List<?> list) {
            all = list;
        } else if (supplier instanceof String ref) {
            final MethodHandle handle = context.code().method(ref, FunctionKind.SEQ_SUPPLIER, 0, List.of());
            final Object made;
            try {
                made = handle.invoke();
            } catch (final Exception e) {
                throw e;
            } catch (final Throwable t) {
                throw new IllegalStateException("seq supplier " + ref + " failed", t);
            }
            if (!(made instanceof Iterable<?> iterable)) {
                throw new IllegalArgumentException("task " + context.task().name() + ": \"" + SUPPLIER + "\" " + ref
                    + " returned " + (made == null ? "null" : made.getClass().getName()) + ", not a List of maps");
            }
            all = iterable;
        } else {
            throw new IllegalArgumentException("task " + context.task().name() + " uses plugin seq and needs \""
                + ELEMENTS + "\" (a list of segments) or \"" + SUPPLIER + "\" (a static method returning them)");
        }
        final List<Map<String, Object>> slice = new ArrayList<>();
        int i = 0;
        for (final Object element : all) {
            if (i++ % context.peers() != context.slot()) {
                continue;
            }
            if (!(element instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("task " + context.task().name() + ": element " + (i - 1)
                    + " of the seq is not a map (a segment) but " + element);
            }
            @SuppressWarnings("unchecked")
            final Map<String, Object> segment = (Map<String, Object>) map;
            slice.add(segment);
        }
        mine = slice;
    }

    @Override
    public int poll(final List<Map<String, Object>> out, final int max) {
        final int n = Math.min(max, mine.size() - next);
        for (int i = 0; i < n; i++) {
            out.add(mine.get(next++));
        }
        return n;
    }

    @Override
    public Object checkpoint() {
        return (long) next;
    }

    @Override
    public void recover(final Object checkpoint) {
        next = checkpoint instanceof Number n ? (int) Math.min(n.longValue(), mine.size()) : 0;
    }

    @Override
    public boolean completed() {
        return next >= mine.size();
    }

    @Override
    public void close() {
        mine = List.of();
    }
}
