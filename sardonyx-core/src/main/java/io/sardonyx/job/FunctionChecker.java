package io.sardonyx.job;

import java.util.List;
import java.util.Optional;

/**
 * Checks that a reference to user code names something of the right {@link FunctionKind}. Called by the
 * validator on the caller's thread; implementations must not run user code (no static initialisers).
 */
@FunctionalInterface
public interface FunctionChecker {
    /**
     * Last of the parameter values of an {@code onyx/fn} whose task has a before-task-start lifecycle: the function
     * may take any further parameters (the lifecycle's {@code onyx.core/params}, passed after the onyx/params values)
     * before the segment; the task checks them when it starts, once the lifecycle has returned them.
     */
    Object LIFECYCLE_PARAMS = new Object() {
        @Override
        public String toString() {
            return "then the onyx.core/params its lifecycle returns";
        }
    };

    /**
     * Checks one reference.
     *
     * @param reference   the reference as written, already known to be well-formed
     * @param kind        what it must name
     * @param paramValues the values that will be passed as extra parameters (onyx/params values, predicate
     *                    parameter values), so their types can be checked against the method's
     * @return what is wrong (a sentence fragment, e.g. {@code "class com.acme.Fns is not on the class path"}), or
     *         empty when the reference is good
     */
    Optional<String> check(String reference, FunctionKind kind, List<Object> paramValues);

    /**
     * True when a plugin class (a reference that {@link #check} accepted as {@link FunctionKind#PLUGIN_CLASS}) says its
     * state cannot move between peers ({@link io.sardonyx.api.FixedPeerCount}), so its task needs a fixed peer count.
     * False when it cannot tell.
     */
    default boolean fixedPeerCount(final String pluginClass) {
        return false;
    }

    /** The plugin module a task names by a name without a dot ({@code "kafka"}), when this class path has it. */
    default Optional<PluginDescriptor> plugin(final String name) {
        return Optional.empty();
    }
}
