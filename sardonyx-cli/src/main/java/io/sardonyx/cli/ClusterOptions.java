package io.sardonyx.cli;

import io.sardonyx.client.SardonyxClient;
import io.sardonyx.client.SardonyxHome;
import io.sardonyx.checkpoint.CheckpointStorage;
import io.sardonyx.checkpoint.Checkpoints;
import io.sardonyx.checkpoint.SealedStorage;
import io.sardonyx.codec.TenancySecret;
import io.sardonyx.checkpoint.TenancyStorage;
import io.sardonyx.job.ClassPathFunctionChecker;
import io.sardonyx.job.JobValidator;
import io.sardonyx.job.PackagePolicy;
import io.sardonyx.log.store.EmbeddedZooKeeper;
import io.sardonyx.log.store.ZooKeeperConnection;
import io.sardonyx.log.store.ZooKeeperLog;
import io.sardonyx.log.store.ZooKeeperTls;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Option;

/**
 * Where the cluster is: {@code --zookeeper} and {@code --tenancy}, shared by every command that talks to one.
 * Given no address, a command uses a server on {@code 127.0.0.1:2181} (such as one {@code sardonyx env} runs). A
 * command that reads or changes a cluster waits a few seconds, then fails naming the address, if nothing listens; only
 * {@code sardonyx peers} starts an embedded server on the default address, keeping its data under
 * {@code ~/.sardonyx/zookeeper}.
 */
final class ClusterOptions {
    static final String DEFAULT_ADDRESS = "127.0.0.1:2181";

    @Option(names = {"--zookeeper", "-z"}, paramLabel = "HOST:PORT[,...]",
        description = "The cluster's ZooKeeper. Default: ${DEFAULT-VALUE} (SARDONYX_ZOOKEEPER).",
        defaultValue = "${env:SARDONYX_ZOOKEEPER:-" + DEFAULT_ADDRESS + "}")
    String zookeeper;

    @Option(names = {"--tenancy", "-t"}, paramLabel = "NAME", defaultValue = "${env:SARDONYX_TENANCY:-default}",
        description = "The cluster's name: peers of one tenancy share one log. Default: ${DEFAULT-VALUE}.")
    String tenancy;

    @Option(names = "--credentials", paramLabel = "USER:PASSWORD",
        description = "Digest credentials: znodes are created readable by these credentials only. Every user sees "
            + "them in ps: prefer --credentials-file or SARDONYX_ZOOKEEPER_CREDENTIALS.")
    String credentialsOption;

    @Option(names = "--credentials-file", paramLabel = "FILE",
        description = "A file whose first line is USER:PASSWORD (kept out of ps and shell history).")
    Path credentialsFile;

    @Option(names = "--secret-file", paramLabel = "FILE", defaultValue = "${env:SARDONYX_SECRET_FILE}",
        description = "The tenancy's secret (a file of at least 16 bytes, the same on every machine of the "
            + "tenancy): frames between peer groups, log entries and checkpoint blobs carry a MAC made with it, and "
            + "what carries none is refused. Peers of a tenancy started with a secret need it, and so does any "
            + "command that writes its log.")
    Path secretFile;

    @Option(names = "--zookeeper-truststore", paramLabel = "FILE",
        defaultValue = "${env:SARDONYX_ZOOKEEPER_TRUSTSTORE}",
        description = "Reach ZooKeeper over TLS (its secure client port), trusting the certificates in this store "
            + "(.p12, .jks or .pem).")
    Path zookeeperTrustStore;

    @Option(names = "--zookeeper-keystore", paramLabel = "FILE", defaultValue = "${env:SARDONYX_ZOOKEEPER_KEYSTORE}",
        description = "This process's key and certificate, for a ZooKeeper that wants clients' certificates.")
    Path zookeeperKeyStore;

    @Option(names = "--zookeeper-tls-password-file", paramLabel = "FILE",
        defaultValue = "${env:SARDONYX_ZOOKEEPER_TLS_PASSWORD_FILE}",
        description = "A file whose first line is the stores' password.")
    Path zookeeperTlsPasswordFile;

    @Option(names = "--insecure",
        description = "Let a peer group join a tenancy on a ZooKeeper beyond this machine without credentials.")
    boolean insecure;

    /** The credentials resolved, once. */
    String credentials;
    private boolean known;

    @Option(names = "--session-timeout-ms", paramLabel = "MS", defaultValue = "10000",
        description = "ZooKeeper session timeout: how long a silent peer group keeps its pulse. Default: "
            + "${DEFAULT-VALUE}.")
    int sessionTimeoutMs;

    /** A connection to the cluster, with the embedded server it started, if any. */
    record Connection(CuratorFramework client, ZooKeeperLog log, EmbeddedZooKeeper embedded, String tenancy,
                      TenancySecret secret) implements AutoCloseable {
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
            return storage == null ? null
                : new Checkpoints(secret == null ? storage : new SealedStorage(storage, secret), log, 1);
        }

        @Override
        public void close() {
            client.close();
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /**
     * Resolves the credentials, once: {@code --credentials} (with a warning that ps shows it), else
     * {@code --credentials-file}, else SARDONYX_ZOOKEEPER_CREDENTIALS, else none. Warns when there are none and
     * ZooKeeper is beyond this machine: the tenancy's znodes are then anyone's to read and write.
     *
     * @throws IllegalArgumentException naming the file that cannot be read, or both options given
     */
    String credentials(final PrintWriter err) {
        if (known) {
            return credentials;
        }
        if (credentialsOption != null && credentialsFile != null) {
            throw new IllegalArgumentException("give --credentials or --credentials-file, not both");
        }
        if (credentialsOption != null) {
            err.println("sardonyx: --credentials on the command line is visible to every user of this machine (ps); "
                + "use --credentials-file or SARDONYX_ZOOKEEPER_CREDENTIALS");
            credentials = credentialsOption;
        } else if (credentialsFile != null) {
            credentials = readCredentials(credentialsFile);
        } else {
            final String env = System.getenv("SARDONYX_ZOOKEEPER_CREDENTIALS");
            credentials = env == null || env.isBlank() ? null : env.trim();
        }
        if (credentials == null && !loopback(zookeeper)) {
            err.println("sardonyx: no ZooKeeper credentials: tenancy " + tenancy + " on " + zookeeper + " is open to "
                + "anyone who reaches it (give --credentials-file)");
        }
        err.flush();
        known = true;
        return credentials;
    }

    /**
     * Refuses a peer group on a ZooKeeper beyond this machine without credentials, unless {@code --insecure}: its
     * tenancy's log would be writable by anyone who reaches ZooKeeper.
     *
     * @throws IllegalArgumentException saying what to give
     */
    void requireSecureJoin(final PrintWriter err) {
        if (credentials(err) == null && !loopback(zookeeper) && !insecure) {
            throw new IllegalArgumentException("refusing to join tenancy " + tenancy + " on " + zookeeper + " without "
                + "credentials: anyone who reaches that ZooKeeper could write its log; give --credentials-file (or "
                + "SARDONYX_ZOOKEEPER_CREDENTIALS), or --insecure to join all the same");
        }
    }

    /**
     * The tenancy's secret from {@code --secret-file}, or null without one.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or is too short
     */
    TenancySecret secret() {
        if (secretFile == null) {
            return null;
        }
        final byte[] secret;
        try {
            secret = java.nio.file.Files.readAllBytes(secretFile);
        } catch (final IOException e) {
            throw new IllegalArgumentException("cannot read the secret file " + secretFile + ": " + e.getMessage(), e);
        }
        try {
            return TenancySecret.of(secret);
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("the secret file " + secretFile + " holds " + secret.length
                + " bytes; " + e.getMessage(), e);
        }
    }

    /**
     * The TLS settings for ZooKeeper, or null without {@code --zookeeper-truststore}.
     *
     * @throws IllegalArgumentException naming a store or password file that cannot be read, or a key store or
     *                                  password given without a trust store
     */
    ZooKeeperTls zookeeperTls() {
        if (zookeeperTrustStore == null) {
            if (zookeeperKeyStore != null || zookeeperTlsPasswordFile != null) {
                throw new IllegalArgumentException("--zookeeper-keystore and --zookeeper-tls-password-file need "
                    + "--zookeeper-truststore");
            }
            return null;
        }
        String password = null;
        if (zookeeperTlsPasswordFile != null) {
            try {
                password = java.nio.file.Files.readAllLines(zookeeperTlsPasswordFile,
                    java.nio.charset.StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
            } catch (final IOException e) {
                throw new IllegalArgumentException("cannot read the ZooKeeper TLS password file "
                    + zookeeperTlsPasswordFile + ": " + e.getMessage(), e);
            }
        }
        return new ZooKeeperTls(zookeeperTrustStore, zookeeperKeyStore, password);
    }

    /** The first line of a credentials file, {@code user:password}. */
    static String readCredentials(final Path file) {
        final String line;
        try {
            line = java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8).stream()
                .findFirst().orElse("").trim();
        } catch (final IOException e) {
            throw new IllegalArgumentException("cannot read the credentials file " + file + ": " + e.getMessage(), e);
        }
        if (!line.contains(":")) {
            throw new IllegalArgumentException("the credentials file " + file + " must hold user:password on its "
                + "first line");
        }
        return line;
    }

    /** True when every server of a connect string is on this machine (no name is looked up: IP literals only). */
    static boolean loopback(final String connectString) {
        for (final String server : connectString.split(",")) {
            final String host = server.contains(":") ? server.substring(0, server.lastIndexOf(':')) : server;
            if (!(host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"))) {
                return false;
            }
        }
        return true;
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

    /**
     * Connects to the cluster.
     *
     * @throws IllegalStateException at once, naming the address, when no server of it accepts a connection
     */
    Connection connect(final PrintWriter err) {
        final String resolved = credentials(err);
        requireListening(err);
        final TenancySecret secret = secret();
        final CuratorFramework client = ZooKeeperConnection.open(zookeeper, sessionTimeoutMs, resolved,
            zookeeperTls());
        return new Connection(client, new ZooKeeperLog(client, tenancy, secret), null, tenancy, secret);
    }

    /**
     * Fails, naming the address, when no server of the connect string listens within {@link #PATIENCE_MS} (a server
     * started a moment ago in the background, as the README's recipes do, is still starting), saying at once that it
     * waits.
     */
    private void requireListening(final PrintWriter err) {
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(PATIENCE_MS);
        boolean said = false;
        while (!anyListening()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no ZooKeeper listens on " + zookeeper + "; start one (sardonyx env, "
                    + "or sardonyx peers, which starts one on " + DEFAULT_ADDRESS + " when nothing listens there) or "
                    + "name the cluster's with --zookeeper or SARDONYX_ZOOKEEPER");
            }
            if (!said) {
                err.println("sardonyx: nothing listens on " + zookeeper + " yet; waiting up to " + PATIENCE_MS / 1000
                    + " s for ZooKeeper");
                err.flush();
                said = true;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
        }
    }

    /** How long a command waits for a ZooKeeper that does not listen yet. */
    static final long PATIENCE_MS = 10_000;

    private boolean anyListening() {
        final String servers = zookeeper.contains("/") ? zookeeper.substring(0, zookeeper.indexOf('/')) : zookeeper;
        for (final String server : servers.split(",")) {
            final int colon = server.lastIndexOf(':');
            final String host = colon < 0 ? server.trim() : server.substring(0, colon).trim();
            final int port;
            try {
                port = colon < 0 ? 2181 : Integer.parseInt(server.substring(colon + 1).trim());
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException("--zookeeper " + zookeeper + ": \"" + server + "\" is not "
                    + "HOST:PORT", e);
            }
            if (listening(host, port)) {
                return true;
            }
        }
        return false;
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
