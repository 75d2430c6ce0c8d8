package io.sardonyx.cli;

import io.sardonyx.job.InformationModel;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sardonyx keys [SECTION]}: the information model, key by key. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "List the keys a job file may use, with their meaning and defaults.")
final class KeysCommand implements Callable<Integer> {
    /** Which part of the job to list; KAFKA is the kafka plugin's catalog keys. */
    enum Part { CATALOG, FLOW_CONDITIONS, LIFECYCLES, WINDOWS, TRIGGERS, JOB_CONFIG, KAFKA }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SECTION",
        description = "One of: catalog, flow_conditions, lifecycles, windows, triggers, job_config, kafka (the "
            + "kafka plugin's catalog keys). Default: all.")
    private Part part;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        for (final Part each : Part.values()) {
            if (part == null || part == each) {
                print(out, each.name().toLowerCase(Locale.ROOT).replace('_', '-'), keys(each));
            }
        }
        out.flush();
        return 0;
    }

    private static Map<String, String> keys(final Part part) {
        if (part == Part.KAFKA) {
            return io.sardonyx.job.PluginDescriptor.find("kafka", KeysCommand.class.getClassLoader())
                .map(io.sardonyx.job.PluginDescriptor::keys).orElse(Map.of());
        }
        return part == Part.JOB_CONFIG ? InformationModel.JOB_CONFIG_KEYS
            : InformationModel.Section.valueOf(part.name()).keys();
    }

    private static void print(final PrintWriter out, final String title, final Map<String, String> keys) {
        out.println(title + ":");
        final int width = keys.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
        keys.forEach((key, doc) -> out.println("  " + key + " ".repeat(width - key.length()) + doc));
        out.println();
    }
}
