package io.sardonyx.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sardonyx gc}. */
@Command(name = "gc", mixinStandardHelpOptions = true,
    description = "Forget killed and completed jobs and compact the log: the replica at the gc entry becomes the "
        + "origin new peers start from, and older entries are deleted.")
final class GcCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Override
    public Integer call() {
        try (ClusterOptions.Connection connection = cluster.connect(spec.commandLine().getErr())) {
            final long at = connection.sardonyx().gc();
            spec.commandLine().getOut().println("gc at entry " + at + ": the log now starts there");
        }
        return 0;
    }
}
