package io.sardonyx.cli;

import io.sardonyx.log.JobRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sardonyx kill JOB}. */
@Command(name = "kill", mixinStandardHelpOptions = true,
    description = {"Kill a running job: its peers stop and go to other jobs.",
        "Exits 2, writing nothing, for an id the tenancy's log does not know (sardonyx jobs lists them); 0 for a job "
            + "that has already finished."})
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
            final JobRegistry jobs = connection.sardonyx().replica().jobs();
            if (!jobs.known(job)) {
                spec.commandLine().getErr().println("sardonyx kill: tenancy " + connection.tenancy() + " knows no job "
                    + job + (connection.log().job(job).isPresent() ? " any more (it finished and a gc forgot it)"
                    : "; sardonyx jobs lists the jobs it knows"));
                return SardonyxCommand.EXIT_BAD_INPUT;
            }
            if (!jobs.active().contains(job)) {
                spec.commandLine().getOut().println("job " + job + " has already "
                    + (jobs.completed().contains(job) ? "completed" : "been killed") + "; nothing to do");
                return 0;
            }
            final long at = connection.sardonyx().killJob(job);
            spec.commandLine().getOut().println("kill-job " + job + " written at entry " + at);
        }
        return 0;
    }
}
