package io.sardonyx.cli;

import io.sardonyx.log.LogParameters;
import io.sardonyx.log.PeerSite;
import io.sardonyx.peer.PeerGroup;
import io.sardonyx.peer.PeerGroupConfig;
import io.sardonyx.schedule.JobSchedulerKind;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sardonyx start-peers N}: this JVM joins the cluster as a peer group with N virtual peers. */
@Command(name = "start-peers", mixinStandardHelpOptions = true,
    description = "Join the cluster as a peer group running N virtual peers, until stopped (Ctrl-C leaves cleanly).")
final class StartPeersCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Parameters(paramLabel = "N", description = "How many virtual peers (about one per core).")
    private int peers;

    @Option(names = "--tags", split = ",", paramLabel = "TAG", description = "Tags of these peers.")
    private List<String> tags = new ArrayList<>();

    @Option(names = "--address", defaultValue = "127.0.0.1",
        description = "Address other peers send segments to. Default: ${DEFAULT-VALUE}.")
    private String address;

    @Option(names = "--port", defaultValue = "40200", description = "Messaging port. Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--job-scheduler", defaultValue = "greedy",
        description = "greedy, balanced or percentage; every peer of a tenancy must agree. Default: ${DEFAULT-VALUE}.")
    private String jobScheduler;

    @Override
    public Integer call() throws InterruptedException {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final JobSchedulerKind kind = JobSchedulerKind.fromKey(jobScheduler);
        if (kind == null) {
            err.println("sardonyx start-peers: --job-scheduler " + jobScheduler + " is not greedy, balanced or "
                + "percentage");
            return SardonyxCommand.EXIT_BAD_INPUT;
        }
        final ClusterOptions.Connection connection = cluster.connect(err);
        final PeerGroup group;
        try {
            group = new PeerGroup(connection.log(), new PeerGroupConfig(peers, tags, new PeerSite(address, port),
                new LogParameters(kind, LogParameters.LOG_FORMAT))).start();
        } catch (final IllegalStateException e) {
            err.println("sardonyx start-peers: " + e.getMessage());
            connection.close();
            return 1;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            group.close();
            connection.close();
            stopped.countDown();
        }, "sardonyx-peers-stop"));
        out.println("peer group " + group.id() + " joining tenancy " + cluster.tenancy + " on " + cluster.zookeeper
            + " with " + peers + " peer(s)");
        out.flush();
        stopped.await();
        return 0;
    }
}
