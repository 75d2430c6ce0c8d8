package io.sardonyx.cli;

import io.sardonyx.job.InvalidJobException;
import io.sardonyx.job.JobJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sardonyx submit FILE}: validate a job and submit it. */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = {"Validate a job file and submit it; prints the job id. Resubmitting the same job (same "
        + "metadata job-id) changes nothing.",
        "Functions are checked against --classpath here; the peers load them from their own --classpath."})
final class SubmitCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Parameters(paramLabel = "FILE", description = "The job file (JSON).")
    private Path file;

    @Mixin
    private FunctionOptions functions;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        try (ClusterOptions.Connection connection = cluster.connect(err)) {
            final String id = connection.sardonyx(functions.loader(), functions.policy(), null)
                .submitJob(JobJson.read(file.toString(), JobFiles.read(file)));
            out.println(id);
            return 0;
        } catch (final InvalidJobException e) {
            e.errors().forEach(error -> err.println(file + ": " + error));
            return SardonyxCommand.EXIT_BAD_INPUT;
        }
    }
}
