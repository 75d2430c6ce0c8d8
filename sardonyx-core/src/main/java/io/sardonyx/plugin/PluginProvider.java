package io.sardonyx.plugin;

import io.sardonyx.job.PluginDescriptor;

/**
 * A plugin of a module of its own, named in {@code "onyx/plugin"} like a built-in: registered for
 * {@link java.util.ServiceLoader} under {@code META-INF/services/io.sardonyx.job.PluginDescriptor}.
 */
public interface PluginProvider extends PluginDescriptor {
    /** A new input plugin for one peer's task. */
    InputPlugin newInput();

    /** A new output plugin for one peer's task. */
    OutputPlugin newOutput();
}
