package io.sardonyx.cli;

import io.sardonyx.log.Replica;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sardonyx jobs}: the cluster's jobs and where they run. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
    description = "List the jobs the log knows: running, waiting for peers, killed or completed.")
final class JobsCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        try (ClusterOptions.Connection connection = cluster.connect(spec.commandLine().getErr())) {
            final Replica r = connection.sardonyx().replica();
            out.printf("%-38s %-10s %5s  %s%n", "JOB", "STATE", "PEERS", "TASKS (peers)");
            for (final String job : r.jobs().active()) {
                final Map<String, List<String>> tasks = r.allocations().byJob().getOrDefault(job, Map.of());
                final StringBuilder line = new StringBuilder();
                r.jobs().specs().get(job).tasks().forEach(t -> line.append(t.name()).append('(')
                    .append(tasks.getOrDefault(t.name(), List.of()).size()).append(") "));
                out.printf("%-38s %-10s %5d  %s%n", job, tasks.isEmpty() ? "waiting" : "running",
                    tasks.values().stream().mapToInt(List::size).sum(), line.toString().trim());
            }
            r.jobs().killed().forEach(job -> out.printf("%-38s %-10s %5d%n", job, "killed", 0));
            r.jobs().completed().forEach(job -> out.printf("%-38s %-10s %5d%n", job, "completed", 0));
            out.printf("%d group(s), %d peer(s), log at entry %d%n", r.membership().groups().size(),
                r.membership().peers().size(), r.version());
        }
        return 0;
    }
}
