package io.sardonyx.cli;

import io.sardonyx.client.Sardonyx;
import io.sardonyx.job.ClassPathFunctionChecker;
import io.sardonyx.job.InvalidJobException;
import io.sardonyx.job.Job;
import io.sardonyx.job.JobValidator;
import io.sardonyx.job.PackagePolicy;
import io.sardonyx.log.JobSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sardonyx run JOB.json}: run a job to its end, on an embedded environment or on a cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run a job to its end and print its collected output.",
        "Without --zookeeper, starts an embedded environment with enough peers; with it, submits to that cluster "
            + "(adding --peers local peers). Exits 0 when the job completes, 1 when it is killed (printing why), "
            + "2 on bad input, 3 when it did not finish within --timeout-s. Ctrl-C stops it and removes everything "
            + "it made (the embedded ZooKeeper's and the checkpoints' temporary directories, the Aeron directory)."})
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "JOB", description = "The job file (JSON).")
    private Path file;

    @Option(names = {"--peers", "-n"}, paramLabel = "N",
        description = "Peers to start in this JVM. Default: as many as the job needs (embedded), none (cluster).")
    private Integer peers;

    @Option(names = {"--zookeeper", "-z"}, paramLabel = "HOST:PORT[,...]",
        description = "Run on this cluster instead of an embedded environment.")
    private String zookeeper;

    @Option(names = {"--tenancy", "-t"}, defaultValue = "${env:SARDONYX_TENANCY:-default}",
        description = "The cluster's name (with --zookeeper). Default: ${DEFAULT-VALUE}.")
    private String tenancy;

    @Mixin
    private FunctionOptions functions;

    @Mixin
    private CheckpointOptions checkpoints;

    @Option(names = "--timeout-s", defaultValue = "600", description = "Give up after this long. Default: "
        + "${DEFAULT-VALUE}.")
    private long timeoutSeconds;

    @Option(names = "--verbose", description = "Print a killed job's whole reason, with its stack trace.")
    private boolean verbose;

    @Option(names = "--show", defaultValue = "20",
        description = "Segments printed per collect output. Default: ${DEFAULT-VALUE}.")
    private int show;

    @Override
    public Integer call() throws InterruptedException {
        final PrintWriter out = spec.commandLine().getOut();
        Logs.quiet();
        final PrintWriter err = spec.commandLine().getErr();
        final ClassLoader loader = functions.loader();
        final PackagePolicy policy = functions.policy();
        final Job job;
        try {
            job = new JobValidator(new ClassPathFunctionChecker(loader, policy))
                .read(file.toString(), JobFiles.read(file));
        } catch (final InvalidJobException e) {
            e.errors().forEach(error -> err.println(file + ": " + error));
            return SardonyxCommand.EXIT_BAD_INPUT;
        }
        if (zookeeper == null && peers != null && peers < 1) {
            err.println("sardonyx run: --peers " + peers + " without --zookeeper leaves the embedded environment with "
                + "no peer to run the job; give at least " + enoughPeers(job) + " (the default), or --zookeeper to "
                + "run on a cluster's peers");
            return SardonyxCommand.EXIT_BAD_INPUT;
        }
        final Sardonyx.Builder builder = Sardonyx.builder().classLoader(loader)
            .packagePolicy(functions.policy());
        checkpoints.apply(builder);
        if (zookeeper != null) {
            builder.zookeeper(zookeeper).tenancy(tenancy);
        }
        final Sardonyx sardonyx = builder.build();
        try {
            // Ctrl-C or SIGTERM: close as the end of the block would, so nothing this process made stays behind.
            final Thread stop = new Thread(() -> {
                err.println("sardonyx run: interrupted; stopping" + (zookeeper == null
                    ? " the embedded environment and removing its temporary directories"
                    : " (the job goes on on the cluster's other peers)"));
                err.flush();
                sardonyx.close();
                err.println("sardonyx run: stopped");
                err.flush();
            }, "sardonyx-run-stop");
            Runtime.getRuntime().addShutdownHook(stop);
            try {
                return run(sardonyx, job, out, err);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(stop);
                } catch (final IllegalStateException shuttingDown) {
                    // The hook is running or about to: it closes.
                }
            }
        } finally {
            sardonyx.close();
        }
    }

    private int run(final Sardonyx sardonyx, final Job job, final PrintWriter out, final PrintWriter err)
        throws InterruptedException {
        final int local = peers != null ? peers : zookeeper == null ? enoughPeers(job) : 0;
        if (local > 0) {
            sardonyx.startPeers(local);
        }
        err.println("sardonyx run: " + file + " on " + (zookeeper == null ? "an embedded environment"
            : "tenancy " + tenancy + " at " + zookeeper) + (local > 0 ? " with " + local + " local peers" : ""));
        return new JobRunner(sardonyx, out, err, verbose).run(job, Duration.ofSeconds(timeoutSeconds), show);
    }

    /**
     * The peers a job needs to start: its minimum, and one per task that runs (a chain fused into one task needs one
     * peer, so an input fused with its file output writes one file, not one per peer).
     */
    static int enoughPeers(final Job job) {
        final Job fused = io.sardonyx.job.Fusion.fuse(job);
        final long min = JobSpec.of("sizing", fused).minRequiredPeers();
        return (int) Math.max(min, io.sardonyx.job.Fusion.tasks(fused).size());
    }
}
