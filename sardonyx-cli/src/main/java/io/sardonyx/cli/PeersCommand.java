package io.sardonyx.cli;

import io.sardonyx.client.Sardonyx;
import io.sardonyx.codec.TenancySecret;
import io.sardonyx.messaging.MessagingSettings;
import io.sardonyx.client.Peers;
import io.sardonyx.job.JobSchedulerKind;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sardonyx peers}: a peer group that joins a cluster and runs the tasks it is given, until stopped. */
@Command(name = "peers", aliases = "start-peers", mixinStandardHelpOptions = true,
    description = "Join the cluster as a peer group running N virtual peers, until stopped (Ctrl-C leaves "
        + "cleanly). Keeps retrying while ZooKeeper cannot be reached.")
final class PeersCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Option(names = {"--peers", "-n"}, defaultValue = "2", paramLabel = "N",
        description = "How many virtual peers (about one per core). Default: ${DEFAULT-VALUE}.")
    private int peers;

    @Option(names = "--tags", split = ",", paramLabel = "TAG", description = "Tags of these peers.")
    private List<String> tags = new ArrayList<>();

    @Option(names = "--address", defaultValue = "127.0.0.1",
        description = "Address other peer groups send segments to. Default: ${DEFAULT-VALUE}.")
    private String address;

    @Option(names = "--bind", description = "Address the messaging port binds to. Default: --address.")
    private String bind;

    @Option(names = "--port", defaultValue = "0",
        description = "UDP messaging port (0: a free one). Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--http-port", defaultValue = "0",
        description = "Serve /health, /metrics, /replica and /jobs on this port (0: a free one, printed at start; "
            + "-1: off). Default: ${DEFAULT-VALUE}.")
    private int httpPort;

    @Option(names = "--http-host", defaultValue = "127.0.0.1",
        description = "Address the HTTP endpoint binds to. Default: ${DEFAULT-VALUE}.")
    private String httpHost;

    @Option(names = "--no-short-circuit",
        description = "Serialise segments between peers of this group too (as between machines).")
    private boolean noShortCircuit;

    @Mixin
    private FunctionOptions functions;

    @Mixin
    private CheckpointOptions checkpoints;

    @Option(names = "--job-scheduler", defaultValue = "greedy",
        description = "greedy, balanced or percentage; every peer of a tenancy must agree. Default: ${DEFAULT-VALUE}.")
    private String jobScheduler;

    @Override
    public Integer call() throws InterruptedException {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final JobSchedulerKind kind = JobSchedulerKind.fromKey(jobScheduler);
        if (kind == null) {
            err.println("sardonyx peers: --job-scheduler " + jobScheduler + " is not greedy, balanced or percentage");
            return SardonyxCommand.EXIT_BAD_INPUT;
        }
        final TenancySecret secret;
        final io.sardonyx.log.store.ZooKeeperTls tls;
        try {
            cluster.requireSecureJoin(err);
            secret = cluster.secret();
            tls = cluster.zookeeperTls();
        } catch (final IllegalArgumentException e) {
            err.println("sardonyx peers: " + e.getMessage());
            return SardonyxCommand.EXIT_BAD_INPUT;
        }
        final var embedded = cluster.startEmbeddedIfDefault(err);
        final Sardonyx.Builder builder = Sardonyx.builder()
            .zookeeper(cluster.zookeeper).tenancy(cluster.tenancy).credentials(cluster.credentials(err))
            .sessionTimeoutMs(cluster.sessionTimeoutMs)
            .zookeeperTls(tls)
            .classLoader(functions.loader())
            .packagePolicy(functions.policy())
            .jobScheduler(kind)
            .advertise(address, port)
            .messaging(MessagingSettings.DEFAULT.withBindAddress(bind == null ? address : bind)
                .withShortCircuit(!noShortCircuit))
            .http(httpHost, httpPort)

            .awaitZooKeeper(Duration.ofDays(365), message -> {
                err.println("sardonyx peers: " + message);
                err.flush();
            });
        checkpoints.apply(builder);
        if (secret != null) {
            builder.secret(secret);
        }
        final Sardonyx sardonyx = builder.build();
        final Peers group;
        try {
            group = sardonyx.startPeers(peers, tags.toArray(new String[0]));
        } catch (final RuntimeException e) {
            sardonyx.close();
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            err.println("sardonyx peers: stopping; peer group " + group.id() + " leaves the cluster");
            err.flush();
            sardonyx.close();
            if (embedded != null) {
                embedded.close();
            }
            err.println("sardonyx peers: stopped");
            err.flush();
            stopped.countDown();
        }, "sardonyx-peers-stop"));
        out.println("peer group " + group.id() + " joining tenancy " + cluster.tenancy + " on " + cluster.zookeeper
            + " with " + peers + " peer(s); messaging udp " + group.messagingSite()
            + group.httpAddress().map(at -> "; http " + at).orElse("")
            + "; checkpoints in " + sardonyx.checkpointStorage().orElse("?"));
        out.flush();
        stopped.await();
        return 0;
    }
}
