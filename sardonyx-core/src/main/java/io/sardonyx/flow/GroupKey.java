package io.sardonyx.flow;

import io.sardonyx.job.FunctionKind;
import io.sardonyx.job.KeyGroups;
import io.sardonyx.job.Task;
import io.sardonyx.usercode.UserCalls;
import io.sardonyx.usercode.UserCode;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The group of a segment sent to a grouped task ({@code onyx/group-by-key} or {@code onyx/group-by-fn}) and the
 * peer it goes to: the same key always hashes to the same key group, in every JVM, and so to the slot that owns that
 * key group while the task's peer count stands ({@link KeyGroups}).
 */
public final class GroupKey {
    private final List<String> keys;
    private final MethodHandle fn;

    private GroupKey(final List<String> keys, final MethodHandle fn) {
        this.keys = keys;
        this.fn = fn;
    }

    /** The grouping of a task, or null when the task is not grouped. */
    public static GroupKey of(final Task task, final UserCode code) {
        if (!task.groupByKey().isEmpty()) {
            return new GroupKey(task.groupByKey(), null);
        }
        return task.groupByFn()
            .map(ref -> new GroupKey(List.of(), code.method(ref, FunctionKind.GROUP_BY_FN, 1, List.of())))
            .orElse(null);
    }

    /** The group value of a segment: the value of the key, the list of values of several keys, or the fn's. */
    public Object of(final Map<String, Object> segment) throws Exception {
        if (fn != null) {
            return UserCalls.call(fn, segment);
        }
        if (keys.size() == 1) {
            return segment.get(keys.get(0));
        }
        final List<Object> values = new ArrayList<>(keys.size());
        for (final String key : keys) {
            values.add(segment.get(key));
        }
        return values;
    }

    /** The key group (0..keyGroups-1) of a group value: fixed for the life of a job. */
    public static int keyGroup(final Object group, final int keyGroups) {
        return KeyGroups.of(mix(hash(group)), keyGroups);
    }

    /** The slot (0..peers-1) a group value goes to: the one that owns its key group. */
    public static int slot(final Object group, final int peers, final int keyGroups) {
        return KeyGroups.slot(keyGroup(group, keyGroups), peers, keyGroups);
    }

    /**
     * A hash that is the same in every JVM and treats integers alike whatever their boxed type, so a key read
     * from JSON (Long) and one made in code (Integer) meet on the same peer.
     */
    static int hash(final Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Integer i) {
            return Long.hashCode(i.longValue());
        }
        if (value instanceof byte[] bytes) {
            return Arrays.hashCode(bytes);
        }
        if (value instanceof List<?> list) {
            int h = 1;
            for (final Object item : list) {
                h = 31 * h + hash(item);
            }
            return h;
        }
        if (value instanceof Map<?, ?> map) {
            int h = 0;
            for (final Map.Entry<?, ?> e : map.entrySet()) {
                h += hash(e.getKey()) ^ hash(e.getValue());
            }
            return h;
        }
        // String, Long, Double and Boolean hash codes are specified by the JDK, so they agree across JVMs.
        return value.hashCode();
    }

    private static int mix(final int h) {
        int x = h * 0x9E3779B9;
        x ^= x >>> 16;
        x *= 0x85EBCA6B;
        x ^= x >>> 13;
        return x;
    }
}
