package io.sardonyx.plugin;

import io.sardonyx.job.FunctionKind;
import io.sardonyx.job.PluginAlias;
import io.sardonyx.job.PluginDescriptor;
import io.sardonyx.job.Task;
import io.sardonyx.usercode.UserCode;

/** Makes the plugin a task names: a built-in alias or a class implementing the plugin interface. */
public final class Plugins {
    private Plugins() {
    }

    /** The input plugin of an input task. */
    public static InputPlugin input(final Task task, final UserCode code) {
        final String name = task.plugin().orElseThrow(() -> missing(task));
        final PluginAlias alias = PluginAlias.fromKey(name);
        if (alias == null) {
            final PluginProvider provider = provider(name, code);
            return provider != null ? provider.newInput()
                : code.instance(name, FunctionKind.PLUGIN_CLASS, InputPlugin.class, java.util.List.of());
        }
        return switch (alias) {
            case SEQ -> new SeqInput();
            case QUEUE -> new QueueInput();
            case FILE -> new FileInput();
            case COLLECT -> throw new IllegalArgumentException("task " + task.name()
                + ": plugin collect is an output; inputs use seq, queue, file or a class");
        };
    }

    /** The output plugin of an output task. */
    public static OutputPlugin output(final Task task, final UserCode code) {
        final String name = task.plugin().orElseThrow(() -> missing(task));
        final PluginAlias alias = PluginAlias.fromKey(name);
        if (alias == null) {
            final PluginProvider provider = provider(name, code);
            return provider != null ? provider.newOutput()
                : code.instance(name, FunctionKind.PLUGIN_CLASS, OutputPlugin.class, java.util.List.of());
        }
        return switch (alias) {
            case COLLECT -> new CollectOutput();
            case QUEUE -> new QueueOutput();
            case FILE -> new FileOutput();
            case SEQ -> throw new IllegalArgumentException("task " + task.name()
                + ": plugin seq is an input; outputs use collect, queue, file or a class");
        };
    }

    /** The plugin module of that name (a name without a dot), or null for a class name. */
    private static PluginProvider provider(final String name, final UserCode code) {
        if (name.contains(".")) {
            return null;
        }
        return PluginDescriptor.find(name, code.loader()).filter(PluginProvider.class::isInstance)
            .map(PluginProvider.class::cast).orElseThrow(() -> new IllegalArgumentException("plugin " + name
                + " is not on the class path: neither a built-in " + PluginAlias.keys() + " nor a plugin module"));
    }

    private static IllegalArgumentException missing(final Task task) {
        return new IllegalArgumentException("task " + task.name() + " names no \"onyx/plugin\"");
    }
}
