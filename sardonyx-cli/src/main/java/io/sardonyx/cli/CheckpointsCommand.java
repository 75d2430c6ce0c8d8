package io.sardonyx.cli;

import io.sardonyx.checkpoint.CheckpointRecord;
import io.sardonyx.checkpoint.Checkpoints;
import io.sardonyx.checkpoint.Coordinate;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sardonyx checkpoints JOB}: a job's complete checkpoints, with their sizes in the tenancy's storage. */
@Command(name = "checkpoints", mixinStandardHelpOptions = true,
    description = "List a job's complete checkpoints, oldest first: allocation version, epoch, tasks (with their "
        + "peer counts) and bytes in the tenancy's storage. The newest is where the job recovers from.")
final class CheckpointsCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Mixin
    private CheckpointOptions storage;

    @Parameters(paramLabel = "JOB", description = "The job id.")
    private String job;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        try (ClusterOptions.Connection connection = cluster.connect(err)) {
            try (Checkpoints checkpoints = connection.checkpoints(storage.open(cluster.tenancy))) {
                if (checkpoints == null) {
                    err.println("sardonyx checkpoints: tenancy " + cluster.tenancy + " records no checkpoint storage "
                        + "(its first peer group records it when it starts)");
                    return 1;
                }
                final CheckpointRecord record = checkpoints.record(job);
                if (record.forgottenAt() >= 0) {
                    out.println("job " + job + ": its checkpoints were deleted when gc (entry " + record.forgottenAt()
                        + ") forgot the job");
                    return 0;
                }
                final List<Checkpoints.Stored> stored = checkpoints.list(job);
                if (stored.isEmpty()) {
                    out.println("job " + job + " has no complete checkpoint");
                    return 0;
                }
                out.printf("%-8s %-8s %12s  %s%n", "VERSION", "EPOCH", "BYTES", "TASKS (peers)");
                for (final Checkpoints.Stored s : stored) {
                    final Coordinate c = s.checkpoint();
                    out.printf("%-8d %-8d %12s  %s%n", c.version(), c.epoch(), s.bytes() < 0 ? "?" : s.bytes(),
                        c.slots().entrySet().stream().map(e -> e.getKey() + "(" + e.getValue() + ")")
                            .collect(Collectors.joining(" ")));
                    if (s.problem() != null) {
                        err.println("sardonyx checkpoints: " + s.problem());
                    }
                }
                out.println(stored.size() + " checkpoint(s) in " + connection.log().storedParameters()
                    .map(p -> p.checkpointStorage().describe()).orElse("?") + "; the last is where the job recovers "
                    + "from");
                return stored.stream().allMatch(s -> s.problem() == null) ? 0 : 1;
            }
        }
    }
}
