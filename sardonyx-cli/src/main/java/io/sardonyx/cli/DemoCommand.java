package io.sardonyx.cli;

import io.sardonyx.client.Sardonyx;
import io.sardonyx.dashboard.DashboardServer;
import io.sardonyx.job.ClassPathFunctionChecker;
import io.sardonyx.job.Job;
import io.sardonyx.job.JobValidator;
import io.sardonyx.job.PackagePolicy;
import io.sardonyx.job.Task;
import io.sardonyx.job.Trigger;
import io.sardonyx.job.Window;
import io.sardonyx.job.WorkflowGraph;
import io.sardonyx.log.store.ZooKeeperConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sardonyx demo}: the sample job, laid out task by task, then run end to end on an embedded environment. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
        "Run the sample job (examples/words.json) end to end on an embedded environment and print its result:",
        "lines are split into words, each word goes to the same peer by grouping, flow conditions drop stop words",
        "and route long and short words to two outputs."})
final class DemoCommand implements Callable<Integer> {
    static final String JOB_NAME = "examples/words.json";
    static final String JOB_RESOURCE = "/" + JOB_NAME;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--print-job", description = "Also print the job as JSON.")
    private boolean printJob;

    @Option(names = "--dashboard-port", paramLabel = "PORT", defaultValue = "8080",
        description = "Port of the dashboard (a free one when it is taken). Default: ${DEFAULT-VALUE}.")
    private int dashboardPort;

    @Option(names = "--no-wait", description = "Run the job at once and exit when it ends, even at a terminal.")
    private boolean noWait;

    @Option(names = "--kafka", description = "Run the word count from Kafka to Kafka instead "
        + "(examples/kafka-word-count.json), on a Kafka broker started for the demo.")
    private boolean kafka;

    /** The dashboard on the requested port, or on a free one when that is taken. */
    private DashboardServer dashboard(final CuratorFramework client) {
        if (dashboardPort > 0 && !ClusterOptions.listening("127.0.0.1", dashboardPort)) {
            try {
                return DashboardServer.start(client, new DashboardServer.Settings("127.0.0.1", dashboardPort, false,
                    null));
            } catch (final RuntimeException e) {
                // Taken after all (a race, or another address): fall back to any free port.
            }
        }
        return DashboardServer.start(client, DashboardServer.Settings.local());
    }

    private static void waitForEnter() {
        try {
            System.in.read();
        } catch (final IOException e) {
            // No input to wait for: go on.
        }
    }

    @Override
    public Integer call() throws Exception {
        if (kafka) {
            return new KafkaDemo(spec.commandLine().getOut(), spec.commandLine().getErr()).run();
        }
        final PrintWriter out = spec.commandLine().getOut();
        Logs.quiet();
        final JobValidator validator = new JobValidator(
            new ClassPathFunctionChecker(DemoCommand.class.getClassLoader(), PackagePolicy.ANY));
        final Job job = validator.read(JOB_NAME, resource(JOB_RESOURCE));
        out.println("Sardonyx demo: the words job (" + JOB_NAME + ")");
        out.println();
        if (printJob) {
            out.println(job.toJson());
        }
        final WorkflowGraph graph = WorkflowGraph.of(job.workflow());
        for (final String name : graph.topologicalOrder()) {
            final Task task = job.task(name).orElseThrow();
            out.printf("  %-13s %-9s %s%n", name, task.type().key(), String.join("; ", describe(job, task, graph)));
        }
        out.println();
        out.println("valid: " + JOB_NAME + " (" + ValidateCommand.count(job.catalog().size(), "task") + ")");
        final int peers = RunCommand.enoughPeers(job);
        out.println("starting an embedded environment (ZooKeeper, " + peers + " peers, Aeron) and running it...");
        out.flush();
        final int code;
        final boolean interactive = System.console() != null && !noWait;
        try (Sardonyx sardonyx = Sardonyx.builder().build();
             CuratorFramework client = ZooKeeperConnection.open(sardonyx.zookeeper(), 10_000, null);
             DashboardServer dashboard = dashboard(client)) {
            sardonyx.startPeers(peers);
            out.println("dashboard: " + dashboard.url() + " (the cluster live, and its whole log to travel through)");
            if (interactive) {
                out.println("open it, then press Enter to run the job");
                out.flush();
                waitForEnter();
            }
            out.flush();
            code = new JobRunner(sardonyx, out, spec.commandLine().getErr(), false).run(job, Duration.ofMinutes(5), 50);
            if (interactive) {
                out.println();
                out.println("the dashboard stays up: travel back through the job's history at " + dashboard.url()
                    + "; press Enter to stop");
                out.flush();
                waitForEnter();
            }
        }
        out.println();
        out.println("Run your own jobs with 'sardonyx run FILE'; 'sardonyx validate FILE' checks one; "
            + "'sardonyx keys' lists every key.");
        out.flush();
        return code;
    }

    private static List<String> describe(final Job job, final Task task, final WorkflowGraph graph) {
        final List<String> parts = new ArrayList<>();
        task.plugin().ifPresent(plugin -> parts.add("plugin " + plugin));
        task.fn().ifPresent(fn -> parts.add("fn " + fn));
        if (task.grouped()) {
            parts.add("grouped by " + (task.groupByKey().isEmpty() ? task.groupByFn().orElseThrow()
                : String.join(", ", task.groupByKey())));
        }
        final long max = task.maxPeers();
        parts.add("peers " + task.minPeers() + (max == task.minPeers() ? "" : ".." + (max == Long.MAX_VALUE ? "any"
            : String.valueOf(max))));
        for (final Window window : job.windows()) {
            if (task.name().equals(window.task())) {
                parts.add("window " + window.id() + " (" + window.type().key() + " "
                    + window.aggregation().builtIn().orElse(window.aggregation().name()) + ")");
                for (final Trigger trigger : job.triggers()) {
                    if (window.id().equals(trigger.windowId())) {
                        parts.add("trigger " + trigger.id());
                    }
                }
            }
        }
        if (!graph.egress(task.name()).isEmpty()) {
            parts.add("-> " + String.join(", ", graph.egress(task.name())));
        }
        return parts;
    }

    static String resource(final String name) {
        try (InputStream in = DemoCommand.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + name + "; rebuild it with ./mvnw package");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
