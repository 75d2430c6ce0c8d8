package io.sardonyx.job;

import java.util.List;

/** The built-in plugins a task may name in {@code "onyx/plugin"} instead of a class. */
public enum PluginAlias {
    /** Input: segments listed in the job ({@code "seq/elements"}) or given by a supplier. */
    SEQ("seq", true, false, List.of()),
    /** Output: gathers the segments for the caller that submitted the job. */
    COLLECT("collect", false, true, List.of()),
    /** Input or output: the in-process queue named by {@code "queue/name"} (Onyx's core.async plugin). */
    QUEUE("queue", true, true, List.of("queue/name")),
    /** Input or output: JSON lines in the file at {@code "file/path"}. */
    FILE("file", true, true, List.of("file/path"));

    /** The {@code file} output's key saying what happens to a file the job has not written before. */
    public static final String FILE_MODE = "file/mode";
    /** The values {@link #FILE_MODE} may take, the default first. */
    public static final List<String> FILE_MODES = List.of("append", "overwrite", "fail-if-exists");

    private final String key;
    private final boolean input;
    private final boolean output;
    private final List<String> requiredKeys;

    PluginAlias(final String key, final boolean input, final boolean output, final List<String> requiredKeys) {
        this.key = key;
        this.input = input;
        this.output = output;
        this.requiredKeys = requiredKeys;
    }

    public String key() {
        return key;
    }

    /** True when the plugin can feed an input task. */
    public boolean input() {
        return input;
    }

    /** True when the plugin can serve an output task. */
    public boolean output() {
        return output;
    }

    /** Keys the task must set for this plugin. */
    public List<String> requiredKeys() {
        return requiredKeys;
    }

    /** The alias a task names, or null when it names a class (or nothing known). */
    public static PluginAlias fromKey(final Object value) {
        for (final PluginAlias alias : values()) {
            if (alias.key.equals(value)) {
                return alias;
            }
        }
        return null;
    }

    /** Every alias, for messages. */
    public static List<String> keys() {
        return java.util.Arrays.stream(values()).map(PluginAlias::key).toList();
    }
}
