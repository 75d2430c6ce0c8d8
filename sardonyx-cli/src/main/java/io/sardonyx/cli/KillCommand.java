package io.sardonyx.cli;

import io.sardonyx.log.command.KillJob;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sardonyx kill JOB}. */
@Command(name = "kill", mixinStandardHelpOptions = true,
    description = "Kill a job: its peers stop and go to other jobs. An unknown id is recorded too, so it never runs.")
final class KillCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Parameters(paramLabel = "JOB", description = "The job id.")
    private String job;

    @Override
    public Integer call() {
        try (ClusterOptions.Connection connection = cluster.connect(spec.commandLine().getErr())) {
            final long at = connection.log().append(new KillJob(job), null, -1);
            spec.commandLine().getOut().println("kill-job " + job + " written at entry " + at);
        }
        return 0;
    }
}
