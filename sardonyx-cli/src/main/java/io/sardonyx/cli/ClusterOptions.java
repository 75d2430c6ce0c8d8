package io.sardonyx.cli;

import io.sardonyx.api.SardonyxClient;
import io.sardonyx.api.SardonyxHome;
import io.sardonyx.checkpoint.CheckpointStorage;
import io.sardonyx.checkpoint.Checkpoints;
import io.sardonyx.checkpoint.TenancyStorage;
import io.sardonyx.job.ClassPathFunctionChecker;
import io.sardonyx.job.JobValidator;
import io.sardonyx.job.PackagePolicy;
import io.sardonyx.log.EmbeddedZooKeeper;
import io.sardonyx.log.ZooKeeperConnection;
import io.sardonyx.log.ZooKeeperLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Option;

/**
 * Where the cluster is: {@code --zookeeper} and {@code --tenancy}, shared by every command that talks to one.
 * Given no address, a command uses a server on {@code 127.0.0.1:2181} (such as one {@code sardonyx env} runs),
 * or starts an embedded one there, keeping its data under {@code ~/.sardonyx/zookeeper}.
 */
final class ClusterOptions {
    static final String DEFAULT_ADDRESS = "127.0.0.1:2181";

    @Option(names = {"--zookeeper", "-z"}, paramLabel = "HOST:PORT[,...]",
        description = "ZooKeeper to use. Default: ${DEFAULT-VALUE}, started embedded if nothing listens there.",
        defaultValue = "${env:SARDONYX_ZOOKEEPER:-" + DEFAULT_ADDRESS + "}")
    String zookeeper;

    @Option(names = {"--tenancy", "-t"}, paramLabel = "NAME", defaultValue = "${env:SARDONYX_TENANCY:-default}",
        description = "The cluster's name: peers of one tenancy share one log. Default: ${DEFAULT-VALUE}.")
    String tenancy;

    @Option(names = "--credentials", paramLabel = "USER:PASSWORD",
        defaultValue = "${env:SARDONYX_ZOOKEEPER_CREDENTIALS}",
        description = "Digest credentials: znodes are created readable by these credentials only.")
    String credentials;

    @Option(names = "--session-timeout-ms", paramLabel = "MS", defaultValue = "10000",
        description = "ZooKeeper session timeout: how long a silent peer group keeps its pulse. Default: "
            + "${DEFAULT-VALUE}.")
    int sessionTimeoutMs;

    /** A connection to the cluster, with the embedded server it started, if any. */
    record Connection(CuratorFramework client, ZooKeeperLog log, EmbeddedZooKeeper embedded, String tenancy)
        implements AutoCloseable {
        /** A client whose job validation resolves functions on this command's class path. */
        SardonyxClient sardonyx() {
            return sardonyx(ClusterOptions.class.getClassLoader(), PackagePolicy.ANY, null);
        }

        /** A client resolving functions with this loader and policy, deleting checkpoints through these. */
        SardonyxClient sardonyx(final ClassLoader loader, final PackagePolicy policy, final Checkpoints checkpoints) {
            return new SardonyxClient(log, new JobValidator(new ClassPathFunctionChecker(loader, policy)),
                checkpoints);
        }

        /**
         * The tenancy's checkpoints (the records beside the log, the blobs in its storage), or null when the tenancy
         * records no storage (created by an earlier build). The caller closes them.
         *
         * @param requested the storage given on the command line, or null
         * @throws IllegalStateException when the requested storage is not the tenancy's
         */
        Checkpoints checkpoints(final CheckpointStorage requested) {
            final CheckpointStorage storage = TenancyStorage.adopt(log, tenancy, requested, System.getenv());
            return storage == null ? null : new Checkpoints(storage, log, 1);
        }

        @Override
        public void close() {
            client.close();
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** With the default address and nothing listening there, starts an embedded server; else returns null. */
    EmbeddedZooKeeper startEmbeddedIfDefault(final PrintWriter err) {
        if (DEFAULT_ADDRESS.equals(zookeeper) && !listening("127.0.0.1", 2181)) {
            final Path data = SardonyxHome.zookeeper();
            err.println("sardonyx: no ZooKeeper on " + DEFAULT_ADDRESS + "; starting an embedded one (data in "
                + data + ")");
            err.flush();
            return EmbeddedZooKeeper.start("127.0.0.1", 2181, data);
        }
        return null;
    }

    Connection connect(final PrintWriter err) {
        final EmbeddedZooKeeper embedded = startEmbeddedIfDefault(err);
        final CuratorFramework client = ZooKeeperConnection.open(zookeeper, sessionTimeoutMs, credentials);
        return new Connection(client, new ZooKeeperLog(client, tenancy), embedded, tenancy);
    }

    static boolean listening(final String host, final int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 300);
            return true;
        } catch (final IOException e) {
            return false;
        }
    }
}
