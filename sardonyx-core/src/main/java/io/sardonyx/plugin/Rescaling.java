package io.sardonyx.plugin;

import java.util.ArrayList;
import java.util.List;

/** Ways a plugin's per-slot state follows a change in its task's peer count. Pure. */
public final class Rescaling {
    private Rescaling() {
    }

    /**
     * What a plugin that keeps no state starts from after a rescale: nothing.
     *
     * @throws IllegalStateException naming the plugin when an earlier slot did keep state
     */
    public static Object stateless(final Object plugin, final List<Object> checkpoints) {
        for (final Object checkpoint : checkpoints) {
            if (checkpoint != null) {
                throw new IllegalStateException("plugin " + plugin.getClass().getName() + " keeps state per peer and "
                    + "does not say how to redistribute it when its task's peer count changes: implement rescale, "
                    + "or io.sardonyx.api.FixedPeerCount so its tasks keep a fixed peer count");
            }
        }
        return null;
    }

    /**
     * The earlier slots whose state a slot takes over, for state that merges: earlier slot j goes to slot j mod peers,
     * so each earlier slot's state has exactly one heir, growing leaves the new slots empty, and shrinking folds
     * several into one.
     */
    public static List<Object> inherited(final List<Object> checkpoints, final int slot, final int peers) {
        final List<Object> mine = new ArrayList<>();
        for (int j = slot; j < checkpoints.size(); j += peers) {
            mine.add(checkpoints.get(j));
        }
        return mine;
    }
}
