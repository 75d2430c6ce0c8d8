package io.sardonyx.window;

import io.sardonyx.api.StateEvent;
import io.sardonyx.flow.GroupKey;
import io.sardonyx.job.Job;
import io.sardonyx.job.Trigger;
import io.sardonyx.job.TriggerKind;
import io.sardonyx.job.Window;
import io.sardonyx.job.WindowType;
import io.sardonyx.state.StateStore;
import io.sardonyx.usercode.UserCode;
import io.sardonyx.usercode.UserCalls;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a task's windows to the segments it receives and fires their triggers: each segment updates the extents
 * it falls in (per group when the task is grouped), then each trigger of the window decides what fires; firing
 * calls {@code trigger/sync}, collects what {@code trigger/emit} returns, and evicts when asked. State lives in a
 * {@link StateStore}; the watermark, element counts and trigger states go into the task's snapshot with it.
 * Touches no clock: callers pass the time. Called from the task's thread only.
 */
public final class WindowExecutor implements AutoCloseable {
    private final StateStore store;
    private final WindowSpec[] windows;
    private final TriggerSpec[] triggers;
    private final TriggerSpec[][] byWindow;
    private final GroupKey grouping;
    private final long[] nextTimer;
    private final WindowFiring firing;
    private final List<Object> groupScratch = new ArrayList<>();
    private final List<long[]> extentScratch = new ArrayList<>();
    private long watermark = Long.MIN_VALUE;
    private long late;
    /**
     * The last snapshot taken or restored, while nothing has changed since: a checkpoint right after recovery (or of
     * a task that saw nothing) reuses it rather than exporting the whole store again on the task's thread.
     */
    private Map<String, Object> pristine;

    WindowExecutor(final List<WindowSpec> windows, final List<TriggerSpec> triggers, final GroupKey grouping,
                   final StateStore store) {
        this.windows = windows.toArray(new WindowSpec[0]);
        this.triggers = triggers.toArray(new TriggerSpec[0]);
        this.byWindow = new TriggerSpec[this.windows.length][];
        for (final WindowSpec w : this.windows) {
            byWindow[w.index] = triggers.stream().filter(t -> t.window == w).toArray(TriggerSpec[]::new);
        }
        this.grouping = grouping;
        this.store = store;
        this.firing = new WindowFiring(store);
        this.nextTimer = new long[this.triggers.length];
    }

    /**
     * The executor of a task's windows, or null when the task has none.
     *
     * @param grouping the task's own grouping (group-by key or fn), or null
     * @param store    opened for the number of windows the task has; see {@link #windowCount}
     */
    public static WindowExecutor of(final Job job, final String task, final GroupKey grouping, final UserCode code,
                                    final java.util.function.IntFunction<StateStore> store) {
        final List<WindowSpec> windows = new ArrayList<>();
        final Map<String, WindowSpec> byId = new HashMap<>();
        for (final Window window : job.windows()) {
            if (task.equals(window.task())) {
                final WindowSpec spec = WindowSpec.of(windows.size(), window, code);
                windows.add(spec);
                byId.put(spec.id, spec);
            }
        }
        if (windows.isEmpty()) {
            return null;
        }
        final List<TriggerSpec> triggers = new ArrayList<>();
        for (final Trigger trigger : job.triggers()) {
            final WindowSpec window = byId.get(trigger.windowId());
            if (window != null) {
                triggers.add(new TriggerSpec(triggers.size(), trigger, window, code));
            }
        }
        return new WindowExecutor(windows, triggers, grouping, store.apply(windows.size()));
    }

    /** How many windows a task has. */
    public static int windowCount(final Job job, final String task) {
        return (int) job.windows().stream().filter(w -> task.equals(w.task())).count();
    }

    /** The lowest event time the task's inputs can still send, as of the last barrier. */
    public long watermark() {
        return watermark;
    }

    /** Segments that came after the watermark had passed all their extents. */
    public long lateSegments() {
        return late;
    }

    /** Extents fired so far. */
    public long firedExtents() {
        return firing.fired();
    }

    /** True when a trigger fires on processing time, so the task must call {@link #onTime} as time passes. */
    public boolean hasTimers() {
        for (final TriggerSpec t : triggers) {
            if (t.kind == TriggerKind.TIMER) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------------- segments

    /**
     * Applies a batch to every window and fires what its triggers decide.
     *
     * @return the segments emitted (valid until the next call)
     * @throws WindowException naming the window or trigger whose code or data failed
     */
    public List<Map<String, Object>> apply(final List<Map<String, Object>> segments, final long nowMs) {
        firing.clear();
        if (!segments.isEmpty()) {
            pristine = null;
        }
        for (final Map<String, Object> segment : segments) {
            final Object group = group(segment);
            for (final WindowSpec w : windows) {
                applyOne(w, group, segment, nowMs);
            }
        }
        return firing.emitted();
    }

    private Object group(final Map<String, Object> segment) {
        if (grouping == null) {
            return null;
        }
        try {
            final Object group = grouping.of(segment);
            return group instanceof Integer i ? (Object) i.longValue() : group;
        } catch (final Exception t) {
            throw new WindowException("the group-by function failed on a segment: " + t, t);
        }
    }

    private void applyOne(final WindowSpec w, final Object group, final Map<String, Object> segment, final long now) {
        final long value;
        if (w.countsArrivals()) {
            final int slot = triggers.length + w.index;
            final Object count = store.slot(slot, group);
            final long n = count == null ? 0 : (Long) count;
            store.putSlot(slot, group, n + 1);
            value = w.min + n;
        } else {
            value = w.type == WindowType.GLOBAL && w.key == null ? 0 : w.value(segment);
        }
        if (w.late(value, watermark)) {
            late++;
            if (w.late == WindowSpec.Late.DROP) {
                return;
            }
            if (w.late == WindowSpec.Late.EMIT) {
                final Map<String, Object> out = new LinkedHashMap<>(4);
                out.put("window/id", w.id);
                out.put("late-segment", segment);
                firing.emit(out);
                return;
            }
        }
        final Object update;
        try {
            update = w.aggregation.createStateUpdate(w.entry(), segment);
        } catch (final RuntimeException e) {
            throw new WindowException("window " + w.id + ": aggregation " + w.window.aggregation().name()
                + " failed on a segment: " + e.getMessage(), e);
        }
        final long lo;
        final long hi;
        switch (w.type) {
            case SESSION:
                lo = session(w, group, value, update);
                hi = lo;
                break;
            case GLOBAL:
                lo = 0;
                hi = 0;
                fold(w, group, 0, update);
                break;
            default:
                lo = Extents.first(w.min, w.range, w.slide, value);
                hi = Extents.last(w.min, w.range, w.slide, value);
                for (long id = lo; id <= hi; id++) {
                    fold(w, group, id, update);
                }
        }
        for (final TriggerSpec t : byWindow[w.index]) {
            onSegment(t, group, segment, value, lo, hi, now);
        }
    }

    private void fold(final WindowSpec w, final Object group, final long id, final Object update) {
        Object state = store.extent(w.index, group, id);
        try {
            if (state == null) {
                state = w.aggregation.init(w.entry());
            }
            state = w.aggregation.applyStateUpdate(w.entry(), state, update);
        } catch (final RuntimeException e) {
            throw new WindowException("window " + w.id + ": aggregation " + w.window.aggregation().name()
                + " failed: " + e.getMessage(), e);
        }
        store.putExtent(w.index, group, id, state);
    }

    /** Adds a value to the group's sessions, merging every session it comes within the gap of; the key it lands in. */
    private long session(final WindowSpec w, final Object group, final long value, final Object update) {
        extentScratch.clear();
        final List<Object> states = new ArrayList<>(2);
        store.extents(w.index, group, (key, stored) -> {
            final long upper = (Long) ((List<?>) stored).get(0);
            if (key - w.gap <= value && value <= upper + w.gap) {
                extentScratch.add(new long[] {key, upper});
                states.add(((List<?>) stored).get(1));
            }
        });
        long lower = value;
        long upper = value;
        Object state = null;
        for (int i = 0; i < extentScratch.size(); i++) {
            final long[] s = extentScratch.get(i);
            lower = Math.min(lower, s[0]);
            upper = Math.max(upper, s[1]);
            state = state == null ? states.get(i) : w.aggregation.superAggregate(w.entry(), state, states.get(i));
            store.removeExtent(w.index, group, s[0]);
        }
        if (state == null) {
            state = w.aggregation.init(w.entry());
        }
        state = w.aggregation.applyStateUpdate(w.entry(), state, update);
        store.putExtent(w.index, group, lower, List.of(upper, state));
        return lower;
    }

    private void onSegment(final TriggerSpec t, final Object group, final Map<String, Object> segment,
                           final long value, final long lo, final long hi, final long now) {
        final WindowSpec w = t.window;
        if (t.kind == null) {
            final StateEvent event = new StateEvent(StateEvent.Type.NEW_SEGMENT, segment, group, 0, 0, watermark, now);
            final Object state = firing.nextState(t, group, event);
            firing.forExtents(w, group, t.fireAll ? Long.MIN_VALUE : lo, t.fireAll ? Long.MAX_VALUE : hi,
                (key, stored) -> {
                    if (WindowFiring.customFires(t, state, event.about(w.lower(key, stored), w.upper(key, stored)))) {
                        firing.fire(t, group, key, stored, event, watermark);
                    }
                });
            return;
        }
        switch (t.kind) {
            case SEGMENT: {
                final Object count = store.slot(t.index, group);
                final long next = (count == null ? 0 : (Long) count) % t.threshold + 1;
                store.putSlot(t.index, group, next);
                if (next == t.threshold) {
                    fireRange(t, group, lo, hi, segment, now);
                }
                break;
            }
            case PUNCTUATION: {
                final boolean punctuated;
                try {
                    punctuated = (Boolean) UserCalls.call(t.pred, segment);
                } catch (final Exception e) {
                    throw new WindowException(t.name() + ": trigger/pred failed: " + e, e);
                }
                if (punctuated) {
                    fireRange(t, group, lo, hi, segment, now);
                }
                break;
            }
            case PERCENTILE_WATERMARK:
                firing.forExtents(w, group, lo, hi, (key, stored) -> {
                    final long lower = w.lower(key, stored);
                    final long upper = w.upper(key, stored);
                    if (value >= lower + t.percentage * ((double) upper - lower)) {
                        firing.fire(t, group, key, stored, segmentEvent(segment, group, now), watermark);
                    }
                });
                break;
            case WATERMARK:
                if (watermark != Long.MIN_VALUE) {
                    // A late update to an extent the watermark already passed fires it again at once.
                    firing.forExtents(w, group, lo, hi, (key, stored) -> {
                        if (passed(w.closes(key, stored), t.delay, watermark)) {
                            firing.fire(t, group, key, stored, segmentEvent(segment, group, now), watermark);
                        }
                    });
                }
                break;
            case TIMER:
            default:
                break;
        }
    }

    private StateEvent segmentEvent(final Map<String, Object> segment, final Object group, final long now) {
        return new StateEvent(StateEvent.Type.NEW_SEGMENT, segment, group, 0, 0, watermark, now);
    }

    private void fireRange(final TriggerSpec t, final Object group, final long lo, final long hi,
                           final Map<String, Object> segment, final long now) {
        final StateEvent event = segmentEvent(segment, group, now);
        firing.forExtents(t.window, group, t.fireAll ? Long.MIN_VALUE : lo, t.fireAll ? Long.MAX_VALUE : hi,
            (key, stored) -> firing.fire(t, group, key, stored, event, watermark));
    }

    private static boolean passed(final long upper, final long delay, final long mark) {
        return upper != Long.MAX_VALUE && upper + delay < mark;
    }

    // ------------------------------------------------------------------------------------------------- events

    /**
     * The watermark advanced (a barrier was aligned): watermark triggers fire every extent it has newly passed.
     *
     * @return the segments emitted (valid until the next call)
     */
    public List<Map<String, Object>> onWatermark(final long mark, final long nowMs) {
        firing.clear();
        if (mark <= watermark) {
            return firing.emitted();
        }
        final long previous = watermark;
        watermark = mark;
        pristine = null;
        final StateEvent event = new StateEvent(StateEvent.Type.WATERMARK, null, null, 0, 0, mark, nowMs);
        everyGroup(event, t -> t.kind == null || t.kind == TriggerKind.WATERMARK, (t, group, key, stored) -> {
            if (t.kind == TriggerKind.WATERMARK) {
                final long closes = t.window.closes(key, stored);
                return passed(closes, t.delay, mark)
                    && (previous == Long.MIN_VALUE || !passed(closes, t.delay, previous));
            }
            return false;
        });
        return firing.emitted();
    }

    /**
     * Processing time passed: timer triggers whose period is up fire every extent.
     *
     * @return the segments emitted (valid until the next call)
     */
    public List<Map<String, Object>> onTime(final long nowMs) {
        firing.clear();
        for (final TriggerSpec t : triggers) {
            if (t.kind != TriggerKind.TIMER) {
                continue;
            }
            if (nextTimer[t.index] == 0) {
                nextTimer[t.index] = nowMs + t.periodMs;
            } else if (nowMs >= nextTimer[t.index]) {
                nextTimer[t.index] = nowMs + t.periodMs;
                final StateEvent event = new StateEvent(StateEvent.Type.TIMER_TICK, null, null, 0, 0, watermark, nowMs);
                forTrigger(t, event, (x, group, key, stored) -> true);
            }
        }
        return firing.emitted();
    }

    /**
     * The job's input is exhausted: every trigger fires every extent.
     *
     * @return the segments emitted (valid until the next call)
     */
    public List<Map<String, Object>> onJobCompleted(final long nowMs) {
        firing.clear();
        everyGroup(new StateEvent(StateEvent.Type.JOB_COMPLETED, null, null, 0, 0, watermark, nowMs), t -> true,
            (t, group, key, stored) -> t.kind != null);
        return firing.emitted();
    }

    /**
     * The task restored its state, or a checkpoint completed: custom triggers hear of it.
     *
     * @return the segments emitted (valid until the next call)
     */
    public List<Map<String, Object>> onEvent(final StateEvent.Type type, final long nowMs) {
        firing.clear();
        // Built-in triggers do not fire on these events: only custom triggers visit the groups (and may change them).
        everyGroup(new StateEvent(type, null, null, 0, 0, watermark, nowMs), t -> t.kind == null,
            (t, group, key, stored) -> false);
        return firing.emitted();
    }

    /** Decides for a built-in trigger; custom triggers decide for themselves. */
    @FunctionalInterface
    private interface Rule {
        boolean fires(TriggerSpec trigger, Object group, long key, Object stored);
    }

    /**
     * Visits every group's extents for the triggers the event can fire: one it cannot does not walk the state (a
     * million groups at every checkpoint).
     */
    private void everyGroup(final StateEvent event, final java.util.function.Predicate<TriggerSpec> hears,
                            final Rule rule) {
        for (final TriggerSpec t : triggers) {
            if (hears.test(t)) {
                forTrigger(t, event, rule);
            }
        }
    }

    private void forTrigger(final TriggerSpec t, final StateEvent event, final Rule rule) {
        // A trigger visiting the groups may fire, evict or change its states: the next snapshot is made anew.
        pristine = null;
        groupScratch.clear();
        store.groups(groupScratch::add);
        for (final Object group : new ArrayList<>(groupScratch)) {
            final StateEvent about = new StateEvent(event.type(), null, group, 0, 0, event.watermark(),
                event.timeMs());
            final Object state = t.kind == null ? firing.nextState(t, group, about) : null;
            firing.forExtents(t.window, group, Long.MIN_VALUE, Long.MAX_VALUE, (key, stored) -> {
                final boolean fires = t.kind == null ? WindowFiring.customFires(t, state,
                    about.about(t.window.lower(key, stored), t.window.upper(key, stored)))
                    : rule.fires(t, group, key, stored);
                if (fires) {
                    firing.fire(t, group, key, stored, about, watermark);
                }
            });
        }
    }

    // ------------------------------------------------------------------------------------------------- snapshots

    /** The task's window state for a checkpoint: the store's snapshot and the watermark. */
    public Map<String, Object> snapshot() {
        if (pristine != null) {
            return pristine;
        }
        pristine = new WindowSnapshot(store.snapshot(), watermark).toMap();
        return pristine;
    }

    /**
     * Restores a snapshot (null: start empty).
     *
     * @throws IllegalArgumentException when the state is not a window snapshot
     */
    public void restore(final Object state) {
        reset();
        if (state != null) {
            final WindowSnapshot snapshot = WindowSnapshot.of(state);
            store.restore(snapshot.store());
            watermark = snapshot.watermark();
            pristine = snapshot.toMap();
        }
    }

    /**
     * Restores this slot's share of several earlier slots' snapshots, after the task's peer count changed: the groups
     * it now owns, from whichever snapshot held them (a group lived on one slot), and the highest watermark (every
     * slot aligned the same barriers, so they agree; the highest never fires an extent twice).
     *
     * @param states the earlier slots' window states; null for one not read (it held no group this slot owns)
     * @param owns   whether this slot owns a group now
     * @throws IllegalArgumentException when a state is not a window snapshot
     */
    public void restoreShare(final List<Object> states, final java.util.function.Predicate<Object> owns) {
        reset();
        for (final Object state : states) {
            if (state != null) {
                final WindowSnapshot snapshot = WindowSnapshot.of(state);
                io.sardonyx.state.StoreSnapshot.read(snapshot.store(), store, owns);
                watermark = Math.max(watermark, snapshot.watermark());
            }
        }
    }

    private void reset() {
        store.clear();
        watermark = Long.MIN_VALUE;
        pristine = null;
        java.util.Arrays.fill(nextTimer, 0);
    }

    /** The store, for tests and measurements. */
    public StateStore store() {
        return store;
    }

    @Override
    public void close() {
        store.close();
    }
}
