package io.sardonyx.job;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A plugin that ships in a module of its own (Kafka) and is named in {@code "onyx/plugin"} like a built-in: what the
 * validator knows of it. It owns the key namespace {@code name + "/"}; every key of that namespace a task uses must
 * be one of {@link #keys()}. Found with {@link ServiceLoader} under this interface's name; the runtime side is
 * {@code io.sardonyx.plugin.PluginProvider}, which the same class implements. {@link #check} is pure: it looks only
 * at the task's keys.
 */
public interface PluginDescriptor {
    /** The name a task gives in {@code "onyx/plugin"}, e.g. {@code "kafka"}. */
    String name();

    /** True when it can feed an input task. */
    boolean input();

    /** True when it can serve an output task. */
    boolean output();

    /** Every key of its namespace, with what it means and its default, in documentation order. */
    Map<String, String> keys();

    /**
     * What is wrong with the task's settings for this plugin, each a sentence naming the key; empty when nothing is.
     *
     * @param type the task's type (input or output)
     */
    List<String> check(Task task, TaskType type);

    /**
     * Keys whose values may name a static method (for the validator to check on the class path), with the kind it
     * must be; a value without {@code "::"} is the plugin's own (a built-in format) and {@link #check} judges it.
     */
    default Map<String, FunctionKind> functionKeys() {
        return Map.of();
    }

    /** The namespace its keys live in. */
    default String namespace() {
        return name() + "/";
    }

    /** The plugin of that name on the class path of the loader, if one is there. */
    static Optional<PluginDescriptor> find(final String name, final ClassLoader loader) {
        for (final PluginDescriptor plugin : ServiceLoader.load(PluginDescriptor.class, loader)) {
            if (plugin.name().equals(name)) {
                return Optional.of(plugin);
            }
        }
        return Optional.empty();
    }
}
