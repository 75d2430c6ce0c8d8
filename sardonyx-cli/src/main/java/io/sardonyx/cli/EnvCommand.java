package io.sardonyx.cli;

import io.sardonyx.client.SardonyxHome;
import io.sardonyx.kafka.EmbeddedKafka;
import io.sardonyx.log.store.EmbeddedZooKeeper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sardonyx env}: a ZooKeeper server for development, until stopped. */
@Command(name = "env", mixinStandardHelpOptions = true,
    description = "Run an embedded ZooKeeper server (a real one, reachable by other JVMs and zkCli) until stopped.")
final class EnvCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
        description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only).")
    private String bind;

    @Option(names = "--port", description = "Client port. Default: the port of SARDONYX_ZOOKEEPER when it is set (so "
        + "the other commands find this server), else 2181.")
    private Integer port;

    @Option(names = "--data-dir", description = "Where to keep the data. Default: ~/.sardonyx/zookeeper.")
    private Path dataDir;

    @Option(names = "--credentials-file", paramLabel = "FILE",
        description = "A file whose first line is USER:PASSWORD: /sardonyx, where every tenancy lives, is made "
            + "readable and writable by these credentials only (SARDONYX_ZOOKEEPER_CREDENTIALS works too).")
    private Path credentialsFile;

    @Option(names = "--credentials", paramLabel = "USER:PASSWORD",
        description = "The same, given on the command line (every user sees it in ps).")
    private String credentials;

    @Option(names = "--kafka", arity = "0..1", paramLabel = "PORT", fallbackValue = "0",
        description = "Also run a single-node Kafka broker (KRaft) on this port, its log in ~/.sardonyx/kafka. "
            + "Default port: that of SARDONYX_KAFKA when it is set, else 9092.")
    private Integer kafkaPort;

    @Override
    public Integer call() throws InterruptedException {
        final PrintWriter out = spec.commandLine().getOut();
        final Path data = dataDir != null ? dataDir : SardonyxHome.zookeeper();
        final EmbeddedZooKeeper server = EmbeddedZooKeeper.start(bind, port != null ? port
            : defaultPort(System.getenv("SARDONYX_ZOOKEEPER")), data);
        final EmbeddedKafka kafka;
        try {
            kafka = kafkaPort == null ? null : EmbeddedKafka.start(bind, kafkaPort != 0 ? kafkaPort
                : KafkaCommand.port(System.getenv("SARDONYX_KAFKA")), SardonyxHome.kafka());
        } catch (final RuntimeException e) {
            server.close();
            throw e;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (kafka != null) {
                kafka.close();
            }
            server.close();
            stopped.countDown();
        }, "sardonyx-env-stop"));
        final String secret = credentials != null ? credentials : credentialsFile != null
            ? ClusterOptions.readCredentials(credentialsFile) : System.getenv("SARDONYX_ZOOKEEPER_CREDENTIALS");
        if (credentials != null) {
            spec.commandLine().getErr().println("sardonyx env: --credentials on the command line is visible to every "
                + "user of this machine (ps); use --credentials-file or SARDONYX_ZOOKEEPER_CREDENTIALS");
        }
        if (secret != null && !secret.isBlank()) {
            secureRoot(server.connectString(), secret.trim());
        }
        out.println("ZooKeeper listening on " + server.connectString() + " (data in " + data + ")"
            + (secret == null || secret.isBlank() ? "" : "; /sardonyx is readable by its credentials only")
            + (kafka == null ? "" : "; Kafka listening on " + kafka.bootstrapServers() + " (log in "
                + SardonyxHome.kafka() + ")") + "; Ctrl-C stops it");
        out.flush();
        stopped.await();
        return 0;
    }

    /**
     * Makes {@code /sardonyx}, where every tenancy lives, readable and writable by these credentials only: a process
     * without them can neither read a tenancy's log nor append to it nor make a tenancy of its own.
     */
    static void secureRoot(final String connectString, final String credentials) {
        final org.apache.curator.framework.CuratorFramework client =
            io.sardonyx.log.store.ZooKeeperConnection.open(connectString, 10_000, credentials);
        try {
            if (client.checkExists().forPath("/sardonyx") == null) {
                client.create().forPath("/sardonyx");
            } else {
                client.setACL().withACL(org.apache.zookeeper.ZooDefs.Ids.CREATOR_ALL_ACL).forPath("/sardonyx");
            }
        } catch (final Exception e) {
            throw new IllegalStateException("cannot secure /sardonyx on " + connectString + ": " + e.getMessage(), e);
        } finally {
            client.close();
        }
    }

    /**
     * The port of a single {@code host:port} address (SARDONYX_ZOOKEEPER), else 2181.
     *
     * @throws IllegalArgumentException when the address is not one host and port
     */
    static int defaultPort(final String address) {
        if (address == null || address.isBlank()) {
            return 2181;
        }
        final int colon = address.lastIndexOf(':');
        try {
            if (address.contains(",") || colon < 0) {
                throw new NumberFormatException("not host:port");
            }
            return Integer.parseInt(address.substring(colon + 1));
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("SARDONYX_ZOOKEEPER=" + address + " is not one HOST:PORT for this "
                + "server to listen on; give --port", e);
        }
    }
}
