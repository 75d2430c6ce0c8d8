package io.sardonyx.window;

import io.sardonyx.api.WindowTrigger;
import io.sardonyx.job.FunctionKind;
import io.sardonyx.job.Trigger;
import io.sardonyx.job.TriggerKind;
import io.sardonyx.job.WindowMeasure;
import io.sardonyx.usercode.UserCode;

import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;

/** A trigger of a task's window, compiled: its kind and settings, and its functions resolved. */
final class TriggerSpec {
    final int index;
    final Trigger trigger;
    final String id;
    final WindowSpec window;
    /** The built-in kind, or null for a custom class. */
    final TriggerKind kind;
    final WindowTrigger custom;
    final long threshold;
    final long periodMs;
    final long delay;
    final double percentage;
    final MethodHandle pred;
    final MethodHandle sync;
    final MethodHandle emit;
    final boolean evict;
    final boolean fireAll;

    TriggerSpec(final int index, final Trigger trigger, final WindowSpec window, final UserCode code) {
        this.index = index;
        this.trigger = trigger;
        this.id = trigger.id();
        this.window = window;
        this.kind = trigger.kind();
        this.custom = kind == null ? code.instance(String.valueOf(trigger.get(Trigger.ON)),
            FunctionKind.TRIGGER_CLASS, WindowTrigger.class, List.of()) : null;
        this.threshold = measure(trigger, Trigger.THRESHOLD);
        this.periodMs = measure(trigger, Trigger.PERIOD);
        this.delay = measure(trigger, Trigger.DELAY);
        this.percentage = trigger.get(Trigger.WATERMARK_PERCENTAGE) instanceof Number n ? n.doubleValue() : 1.0;
        this.pred = trigger.string(Trigger.PRED).map(ref -> code.method(ref, FunctionKind.TRIGGER_PRED, 1, List.of()))
            .orElse(null);
        this.sync = trigger.sync().map(ref -> code.method(ref, FunctionKind.TRIGGER_SYNC, 2, List.of())).orElse(null);
        this.emit = trigger.emit().map(ref -> code.method(ref, FunctionKind.TRIGGER_EMIT, 2, List.of())).orElse(null);
        this.evict = trigger.evictsAll();
        this.fireAll = trigger.fireAllExtents();
    }

    private static long measure(final Trigger trigger, final String key) {
        return trigger.has(key) ? WindowMeasure.parse(trigger.get(key)).standardUnits() : 0;
    }

    Map<String, Object> entry() {
        return trigger.attributes();
    }

    String name() {
        return "trigger " + id + " of window " + window.id;
    }
}
