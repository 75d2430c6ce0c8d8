package io.sardonyx.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker in this JVM, in KRaft combined mode (broker and controller in one), for
 * {@code sardonyx env --kafka} and {@code sardonyx demo --kafka}: a local broker to try jobs against, not a
 * production one (one replica of everything). Its log directory is formatted on first start and kept, so a
 * restart keeps the topics.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final String CONTROLLER = "CONTROLLER";
    private final KafkaRaftServer server;
    private final String bootstrap;
    /** A directory start made for this broker alone, deleted on close; null when given one. */
    private Path made;

    private EmbeddedKafka(final KafkaRaftServer server, final String bootstrap) {
        this.server = server;
        this.bootstrap = bootstrap;
    }

    /** A broker on a free port whose log lives in a directory of its own, deleted when it closes. */
    public static EmbeddedKafka startTemporary(final String host) {
        final Path dir;
        try {
            dir = Files.createTempDirectory("sardonyx-kafka-");
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot make a directory for Kafka", e);
        }
        try {
            final EmbeddedKafka kafka = start(host, 0, dir);
            kafka.made = dir;
            return kafka;
        } catch (final RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    private static void delete(final Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /**
     * Starts a broker.
     *
     * @param host    the address it listens on and advertises
     * @param port    its client port, or 0 for a free one
     * @param dataDir where its log goes (made, formatted when new)
     * @throws IllegalStateException naming the address and directory when it cannot start
     */
    public static EmbeddedKafka start(final String host, final int port, final Path dataDir) {
        final int clientPort = port == 0 ? freePort(host) : port;
        final int controllerPort = freePort(host);
        final Path logs = dataDir.resolve("log");
        try {
            Files.createDirectories(logs);
            final Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
            props.put("listeners", "PLAINTEXT://" + host + ":" + clientPort + "," + CONTROLLER + "://" + host + ":"
                + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + clientPort);
            props.put("controller.listener.names", CONTROLLER);
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("log.dirs", logs.toString());
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "4");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("transaction.state.log.num.partitions", "4");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("num.partitions", "4");
            props.put("auto.create.topics.enable", "true");
            final KafkaConfig config = KafkaConfig.fromProps(props, false);
            if (!Files.exists(logs.resolve("meta.properties"))) {
                new Formatter().setNodeId(1).setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logs.toString())).setMetadataLogDirectory(logs.toString())
                    .setControllerListenerName(CONTROLLER).setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES).setPrintStream(nowhere()).run();
            }
            final KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            final EmbeddedKafka kafka = new EmbeddedKafka(server, host + ":" + clientPort);
            kafka.awaitReady();
            return kafka;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot start Kafka on " + host + ":" + clientPort + " in " + dataDir, e);
        } catch (final Exception e) {
            throw new IllegalStateException("cannot start Kafka on " + host + ":" + clientPort + " in " + dataDir + ": "
                + e.getMessage(), e);
        }
    }

    private static java.io.PrintStream nowhere() {
        return new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
    }

    private void awaitReady() throws Exception {
        final Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        }
    }

    private static int freePort(final String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, 0));
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + host, e);
        }
    }

    /** Where clients connect, {@code host:port}. */
    public String bootstrapServers() {
        return bootstrap;
    }

    /** Stops the broker; its log stays, unless {@link #startTemporary} made its directory. */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (made != null) {
            delete(made);
        }
    }
}
