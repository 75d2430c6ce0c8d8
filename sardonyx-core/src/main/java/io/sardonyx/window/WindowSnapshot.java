package io.sardonyx.window;

import java.util.HashMap;
import java.util.Map;

/**
 * A task's window state as a checkpoint holds it: the store's snapshot (in the one format every store reads) and the
 * watermark.
 *
 * @param store     the store's snapshot
 * @param watermark the watermark at the barrier
 */
record WindowSnapshot(byte[] store, long watermark) {
    /**
     * Reads the checkpoint form.
     *
     * @throws IllegalArgumentException when the state is not a window snapshot
     */
    static WindowSnapshot of(final Object state) {
        if (!(state instanceof Map<?, ?> map) || !(map.get("store") instanceof byte[] bytes)
            || !(map.get("watermark") instanceof Long mark)) {
            throw new IllegalArgumentException("the checkpoint holds no window state for this task");
        }
        return new WindowSnapshot(bytes, mark);
    }

    /** The checkpoint form. */
    Map<String, Object> toMap() {
        final Map<String, Object> out = new HashMap<>(4);
        out.put("store", store);
        out.put("watermark", watermark);
        return out;
    }
}
