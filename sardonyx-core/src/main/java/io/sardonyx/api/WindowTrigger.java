package io.sardonyx.api;

import java.util.Map;

/**
 * A custom trigger, named by its class in {@code "trigger/on"}. It keeps a state per group (checkpointed with the
 * window, so it must be a segment value) and decides, event by event, whether an extent fires. One instance per
 * task, called from that task's thread only.
 */
public interface WindowTrigger {
    /** The state of a group that has none yet; {@code trigger} is the trigger entry. */
    default Object initState(final Map<String, Object> trigger) {
        return null;
    }

    /** The group's state after an event. */
    default Object nextState(final Map<String, Object> trigger, final Object state, final StateEvent event) {
        return state;
    }

    /** Whether the extent the event is about fires, given the state after the event. */
    boolean fire(Map<String, Object> trigger, Object state, StateEvent event);
}
