package io.sardonyx.log.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;

/**
 * A real ZooKeeper server inside this JVM, on a TCP port of the loopback address (or another address when
 * asked): other JVMs and {@code zkCli} connect to it like to any ensemble. The default when a command is given no
 * ZooKeeper address.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
    private static final long STARTUP_TIMEOUT_MS = 30_000;
    private final ZooKeeperServerEmbedded server;
    private final String connectString;
    private final Path dataDir;

    private EmbeddedZooKeeper(final ZooKeeperServerEmbedded server, final String connectString, final Path dataDir) {
        this.server = server;
        this.connectString = connectString;
        this.dataDir = dataDir;
    }

    /**
     * Starts a server.
     *
     * @param bindAddress the address to listen on ({@code 127.0.0.1} unless the cluster spans machines)
     * @param port        the client port, or 0 for a free one
     * @param dataDir     where snapshots and the transaction log go (kept, so a restart keeps the data)
     */
    public static EmbeddedZooKeeper start(final String bindAddress, final int port, final Path dataDir) {
        final int chosen = port == 0 ? freePort(bindAddress) : port;
        try {
            Files.createDirectories(dataDir);
            final Properties config = new Properties();
            config.setProperty("clientPort", Integer.toString(chosen));
            config.setProperty("dataDir", dataDir.resolve("data").toString());
            config.setProperty("clientPortAddress", bindAddress);
            config.setProperty("tickTime", "500");
            config.setProperty("minSessionTimeout", "1000");
            config.setProperty("maxSessionTimeout", "60000");
            config.setProperty("admin.enableServer", "false");
            config.setProperty("4lw.commands.whitelist", "ruok,stat,srvr");
            final ZooKeeperServerEmbedded server = ZooKeeperServerEmbedded.builder()
                .baseDir(dataDir)
                .configuration(config)
                .exitHandler(ExitHandler.LOG_ONLY)
                .build();
            server.start(STARTUP_TIMEOUT_MS);
            return new EmbeddedZooKeeper(server, bindAddress + ":" + chosen, dataDir);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot start ZooKeeper on " + bindAddress + ":" + chosen + " in " + dataDir,
                e);
        } catch (final Exception e) {
            throw new IllegalStateException("cannot start ZooKeeper on " + bindAddress + ":" + chosen + ": " + e, e);
        }
    }

    private static int freePort(final String bindAddress) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(bindAddress, 0));
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + bindAddress, e);
        }
    }

    /** The address clients connect to, {@code host:port}. */
    public String connectString() {
        return connectString;
    }

    /** Where the server keeps its data. */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the server; its data stays in {@link #dataDir()}. */
    @Override
    public void close() {
        server.close();
    }
}
