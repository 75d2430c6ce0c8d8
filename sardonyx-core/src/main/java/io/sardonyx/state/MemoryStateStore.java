package io.sardonyx.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Window state on the heap: a map of groups, each with a sorted map of extents per window. */
public final class MemoryStateStore implements StateStore {
    private final Map<Object, Group> groups = new HashMap<>();
    private final int windows;
    private long lastSnapshotBytes;

    /** @param windows how many windows the task has */
    public MemoryStateStore(final int windows) {
        this.windows = windows;
    }

    private static final class Group {
        final TreeMap<Long, Object>[] extents;
        Object[] slots = new Object[0];

        @SuppressWarnings({"unchecked", "rawtypes"})
        Group(final int windows) {
            extents = new TreeMap[windows];
        }

        TreeMap<Long, Object> window(final int w) {
            TreeMap<Long, Object> map = extents[w];
            if (map == null) {
                map = new TreeMap<>();
                extents[w] = map;
            }
            return map;
        }
    }

    private Group group(final Object group) {
        Group g = groups.get(group);
        if (g == null) {
            g = new Group(windows);
            groups.put(group, g);
        }
        return g;
    }

    @Override
    public Object extent(final int window, final Object group, final long key) {
        final Group g = groups.get(group);
        final TreeMap<Long, Object> map = g == null ? null : g.extents[window];
        return map == null ? null : map.get(key);
    }

    @Override
    public void putExtent(final int window, final Object group, final long key, final Object state) {
        group(group).window(window).put(key, state);
    }

    @Override
    public void removeExtent(final int window, final Object group, final long key) {
        final Group g = groups.get(group);
        if (g != null && g.extents[window] != null) {
            g.extents[window].remove(key);
        }
    }

    @Override
    public void extents(final int window, final Object group, final ExtentVisitor visitor) {
        final Group g = groups.get(group);
        if (g == null || g.extents[window] == null) {
            return;
        }
        for (final Map.Entry<Long, Object> e : g.extents[window].entrySet()) {
            visitor.visit(e.getKey(), e.getValue());
        }
    }

    @Override
    public Object slot(final int slot, final Object group) {
        final Group g = groups.get(group);
        return g == null || slot >= g.slots.length ? null : g.slots[slot];
    }

    @Override
    public void putSlot(final int slot, final Object group, final Object value) {
        final Group g = group(group);
        if (slot >= g.slots.length) {
            g.slots = java.util.Arrays.copyOf(g.slots, slot + 1);
        }
        g.slots[slot] = value;
    }

    @Override
    public void groups(final Consumer<Object> visitor) {
        for (final Object group : new ArrayList<>(groups.keySet())) {
            visitor.accept(group);
        }
    }

    @Override
    public void export(final StoreSnapshot.Sink sink) {
        for (final Map.Entry<Object, Group> e : groups.entrySet()) {
            sink.group(e.getKey());
            final Group g = e.getValue();
            for (int w = 0; w < g.extents.length; w++) {
                if (g.extents[w] != null) {
                    for (final Map.Entry<Long, Object> x : g.extents[w].entrySet()) {
                        sink.extent(w, x.getKey(), x.getValue());
                    }
                }
            }
            for (int s = 0; s < g.slots.length; s++) {
                if (g.slots[s] != null) {
                    sink.slot(s, g.slots[s]);
                }
            }
        }
    }

    /** The size of the last snapshot, a little over: groups keep much the same state from one to the next. */
    @Override
    public long sizeHint() {
        return lastSnapshotBytes + lastSnapshotBytes / 8;
    }

    @Override
    public byte[] snapshot() {
        final byte[] bytes = StoreSnapshot.write(this);
        lastSnapshotBytes = bytes.length;
        return bytes;
    }

    @Override
    public void clear() {
        groups.clear();
    }

    @Override
    public void close() {
        groups.clear();
    }
}
