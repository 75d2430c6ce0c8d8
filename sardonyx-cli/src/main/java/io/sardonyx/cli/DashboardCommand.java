package io.sardonyx.cli;

import io.sardonyx.dashboard.DashboardServer;
import io.sardonyx.log.store.ZooKeeperConnection;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sardonyx dashboard}: serves the dashboard for every tenancy of a ZooKeeper until stopped. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = "Serve the dashboard: pick a tenancy, watch its cluster live, travel back through its log.")
final class DashboardCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:SARDONYX_DASHBOARD_PORT:-8080}",
        description = "Port to serve on (0: any free port). Default: SARDONYX_DASHBOARD_PORT, else 8080.")
    private int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
        description = "Address to bind. Default: ${DEFAULT-VALUE} (this machine only); 0.0.0.0 for every interface "
            + "(then --token is required, and every read carries it).")
    private String host;

    @Option(names = "--actions", description = "Let the page kill jobs (each kill asks for the token).")
    private boolean actions;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:SARDONYX_DASHBOARD_TOKEN}",
        description = "The token a kill must carry (required with --actions), and every read when bound beyond "
            + "localhost.")
    private String token;

    @Override
    public Integer call() throws InterruptedException {
        final PrintWriter out = spec.commandLine().getOut();
        final DashboardServer.Settings settings;
        try {
            settings = new DashboardServer.Settings(host, port, actions, token);
        } catch (final IllegalArgumentException e) {
            spec.commandLine().getErr().println("sardonyx dashboard: " + e.getMessage());
            return 2;
        }
        final String credentials;
        final io.sardonyx.log.store.ZooKeeperTls tls;
        try {
            credentials = cluster.credentials(spec.commandLine().getErr());
            tls = cluster.zookeeperTls();
        } catch (final IllegalArgumentException e) {
            spec.commandLine().getErr().println("sardonyx dashboard: " + e.getMessage());
            return 2;
        }
        try (CuratorFramework client = ZooKeeperConnection.open(cluster.zookeeper, cluster.sessionTimeoutMs,
            credentials, tls); DashboardServer server = DashboardServer.start(client, settings)) {
            out.println("dashboard: " + server.url() + " (ZooKeeper " + cluster.zookeeper + "; Ctrl-C stops it)");
            out.flush();
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
