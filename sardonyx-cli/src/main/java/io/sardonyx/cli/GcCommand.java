package io.sardonyx.cli;

import io.sardonyx.client.SardonyxClient;
import io.sardonyx.checkpoint.Checkpoints;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sardonyx gc}. */
@Command(name = "gc", mixinStandardHelpOptions = true,
    description = {"Forget killed and completed jobs and compact the log: the replica at the gc entry becomes the "
        + "origin new peers start from, and older entries are deleted.",
        "The checkpoints of the jobs forgotten are deleted. The last finished job of each job-name is kept, with its "
            + "checkpoints, so a redeploy can still resume from it; it goes once a newer job of the name finished."})
final class GcCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Mixin
    private CheckpointOptions storage;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        try (ClusterOptions.Connection connection = cluster.connect(err)) {
            // Null when the tenancy records no storage: gc then says it deleted nothing.
            try (Checkpoints checkpoints = connection.checkpoints(storage.open(cluster.tenancy))) {
                final SardonyxClient.GcResult gc = connection.sardonyx(ClusterOptions.class.getClassLoader(),
                    io.sardonyx.job.PackagePolicy.ANY, checkpoints).gc();
                out.println("gc at entry " + gc.entry() + ": the log now starts there; forgot " + gc.forgotten().size()
                    + " finished job(s), deleted the checkpoints of " + gc.deleted().size() + ", kept "
                    + gc.kept().size() + " (the last finished job of each job-name)");
                gc.problems().forEach((job, why) -> err.println("sardonyx gc: the checkpoints of job " + job
                    + " were not deleted: " + why));
                return gc.problems().isEmpty() ? 0 : 1;
            }
        }
    }
}
