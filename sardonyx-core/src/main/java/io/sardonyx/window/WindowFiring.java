package io.sardonyx.window;

import io.sardonyx.api.StateEvent;
import io.sardonyx.job.WindowType;
import io.sardonyx.state.StateStore;
import io.sardonyx.usercode.UserCalls;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The firing half of a task's windows: visiting the extents a trigger decides on, firing one ({@code trigger/sync},
 * {@code trigger/emit}, eviction), custom triggers' states and decisions, and the segments emitted since the
 * executor's last step began. Called from the task's thread only.
 */
final class WindowFiring {
    private final StateStore store;
    private final List<Map<String, Object>> emitted = new ArrayList<>();
    private long fired;

    WindowFiring(final StateStore store) {
        this.store = store;
    }

    /** A step begins: nothing emitted yet. */
    void clear() {
        emitted.clear();
    }

    /** What the step emitted (valid until the next). */
    List<Map<String, Object>> emitted() {
        return emitted;
    }

    /** Emits a segment of the executor's own (a late segment sent on). */
    void emit(final Map<String, Object> segment) {
        emitted.add(segment);
    }

    /**
     * The state as trigger code may keep it (in a segment it emits, say): the lists and maps that conj and
     * collect-by-key go on adding to in place are copied, one level into a map; what they hold (segments, numbers)
     * is shared.
     */
    static Object detached(final Object state) {
        if (state instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        if (state instanceof Map<?, ?> map) {
            final Map<Object, Object> out = new LinkedHashMap<>(Math.max(4, (int) (map.size() / 0.75f) + 1));
            for (final Map.Entry<?, ?> e : map.entrySet()) {
                out.put(e.getKey(), e.getValue() instanceof List<?> l ? new ArrayList<>(l) : e.getValue());
            }
            return out;
        }
        return state;
    }

    /** Extents fired so far. */
    long fired() {
        return fired;
    }

    Object nextState(final TriggerSpec t, final Object group, final StateEvent event) {
        try {
            Object state = store.slot(t.index, group);
            if (state == null) {
                state = t.custom.initState(t.entry());
            }
            state = t.custom.nextState(t.entry(), state, event);
            store.putSlot(t.index, group, state);
            return state;
        } catch (final RuntimeException e) {
            throw new WindowException(t.name() + ": " + t.custom.getClass().getName() + " failed: " + e, e);
        }
    }

    static boolean customFires(final TriggerSpec t, final Object state, final StateEvent event) {
        try {
            return t.custom.fire(t.entry(), state, event);
        } catch (final RuntimeException e) {
            throw new WindowException(t.name() + ": " + t.custom.getClass().getName() + " failed: " + e, e);
        }
    }

    /** Visits the group's extents of a window with keys in [lo, hi], from a copy (firing may evict). */
    void forExtents(final WindowSpec w, final Object group, final long lo, final long hi,
                    final StateStore.ExtentVisitor visitor) {
        final List<Object[]> found = new ArrayList<>();
        if (lo == hi && w.type != WindowType.SESSION) {
            final Object stored = store.extent(w.index, group, lo);
            if (stored != null) {
                visitor.visit(lo, stored);
            }
            return;
        }
        store.extents(w.index, group, (key, stored) -> {
            if (key >= lo && key <= hi) {
                found.add(new Object[] {key, stored});
            }
        });
        for (final Object[] e : found) {
            visitor.visit((Long) e[0], e[1]);
        }
    }

    /**
     * Fires one extent, if it is still there: calls {@code trigger/sync}, collects what {@code trigger/emit} returns,
     * evicts when the trigger says so.
     */
    void fire(final TriggerSpec t, final Object group, final long key, final Object stored, final StateEvent event,
              final long watermark) {
        final WindowSpec w = t.window;
        if (store.extent(w.index, group, key) == null) {
            return;
        }
        fired++;
        final Map<String, Object> firing = new LinkedHashMap<>(12);
        firing.put("window/id", w.id);
        firing.put("trigger/id", t.id);
        firing.put("event-type", event.type().key());
        firing.put("group-key", group);
        firing.put("lower-bound", w.lower(key, stored));
        firing.put("upper-bound", w.upper(key, stored));
        firing.put("watermark", watermark);
        final Object state = detached(w.aggregate(stored));
        try {
            if (t.sync != null) {
                UserCalls.call(t.sync, firing, state);
            }
            if (t.emit != null) {
                collect(t, UserCalls.call(t.emit, firing, state));
            }
        } catch (final WindowException e) {
            throw e;
        } catch (final Exception e) {
            throw new WindowException(t.name() + ": " + (t.emit != null ? "trigger/emit" : "trigger/sync")
                + " failed: " + e, e);
        }
        if (t.evict) {
            store.removeExtent(w.index, group, key);
        }
    }

    @SuppressWarnings("unchecked")
    private void collect(final TriggerSpec t, final Object produced) {
        if (produced == null) {
            return;
        }
        if (produced instanceof Map<?, ?> map) {
            emitted.add((Map<String, Object>) map);
        } else if (produced instanceof List<?> list) {
            for (final Object item : list) {
                if (!(item instanceof Map<?, ?> map)) {
                    throw new WindowException(t.name() + ": trigger/emit returned a list holding "
                        + (item == null ? "null" : "a " + item.getClass().getName()) + "; return maps (segments)");
                }
                emitted.add((Map<String, Object>) map);
            }
        } else {
            throw new WindowException(t.name() + ": trigger/emit returned a " + produced.getClass().getName()
                + "; return a map, a list of maps or null");
        }
    }
}
