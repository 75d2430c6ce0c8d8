package io.sardonyx.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.log.store.ZooKeeperTls;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ZooKeeper over TLS: a real embedded server that listens for clients on a secure port only, with a certificate
 * made for the test and client certificates required. The command line and the Java builder reach it with a trust
 * store and a key store; a client without TLS does not.
 */
class ZooKeeperTlsTest {
    private static final String PASSWORD = "sardonyx-test";
    /** The properties ZooKeeper's server configuration turns into system properties, cleared after. */
    private static final List<String> SERVER_PROPERTIES = List.of("zookeeper.serverCnxnFactory",
        "zookeeper.ssl.keyStore.location", "zookeeper.ssl.keyStore.password", "zookeeper.ssl.trustStore.location",
        "zookeeper.ssl.trustStore.password", "zookeeper.ssl.clientAuth", "zookeeper.ssl.keyStore.type",
        "zookeeper.ssl.trustStore.type");

    @TempDir
    static Path dir;
    private static ZooKeeperServerEmbedded server;
    private static String secure;
    private static Path store;
    private static Path trust;
    private static Path passwordFile;

    @BeforeAll
    static void start() throws Exception {
        // One key pair serves the server and the client; the trust store holds its certificate as trusted.
        store = dir.resolve("zookeeper.p12");
        trust = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "zookeeper", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
            "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
            "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        final Path cert = dir.resolve("zookeeper.crt");
        keytool("-exportcert", "-alias", "zookeeper", "-keystore", store.toString(), "-storepass", PASSWORD,
            "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "zookeeper", "-file", cert.toString(), "-storetype", "PKCS12",
            "-keystore", trust.toString(), "-storepass", PASSWORD);
        passwordFile = Files.writeString(dir.resolve("tls-password"), PASSWORD + "\n");

        final int port = freePort();
        final Properties config = new Properties();
        config.setProperty("secureClientPort", Integer.toString(port));
        config.setProperty("secureClientPortAddress", "127.0.0.1");
        config.setProperty("dataDir", dir.resolve("zk").toString());
        config.setProperty("tickTime", "500");
        config.setProperty("admin.enableServer", "false");
        config.setProperty("serverCnxnFactory", "org.apache.zookeeper.server.NettyServerCnxnFactory");
        config.setProperty("ssl.keyStore.location", store.toString());
        config.setProperty("ssl.keyStore.password", PASSWORD);
        config.setProperty("ssl.keyStore.type", "PKCS12");
        config.setProperty("ssl.trustStore.location", trust.toString());
        config.setProperty("ssl.trustStore.password", PASSWORD);
        config.setProperty("ssl.trustStore.type", "PKCS12");
        config.setProperty("ssl.clientAuth", "need");
        Files.createDirectories(dir.resolve("zk-base"));
        server = ZooKeeperServerEmbedded.builder().baseDir(dir.resolve("zk-base")).configuration(config)
            .exitHandler(ExitHandler.LOG_ONLY).build();
        server.start(30_000);
        secure = "127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        SERVER_PROPERTIES.forEach(System::clearProperty);
    }

    @Test
    void peersAndCommandsReachZooKeeperOverTlsAndNothingReachesItWithout() throws Exception {
        final String jobId;
        try (Sardonyx sardonyx = Sardonyx.builder().zookeeper(secure).tenancy("tls")
                 .zookeeperTls(new ZooKeeperTls(trust, store, PASSWORD)).build()) {
            sardonyx.startPeers(2);
            final JobHandle job = sardonyx.submit(Job.builder().chain("in", "out")
                .task(Task.input("in", "seq").batchSize(10)
                    .with("seq/elements", List.of(Map.of("n", 1L), Map.of("n", 2L))))
                .task(Task.output("out", "collect").batchSize(10)).build());
            final JobOutcome outcome = job.await(Duration.ofMinutes(1));
            assertThat(outcome.completed()).as(outcome.reason()).isTrue();
            assertThat(job.collected("out")).hasSize(2);
            jobId = job.id();
        }

        final CliRun tls = new CliRun();
        assertThat(tls.run("jobs", "-z", secure, "--tenancy", "tls", "--zookeeper-truststore", trust.toString(),
            "--zookeeper-keystore", store.toString(), "--zookeeper-tls-password-file", passwordFile.toString()))
            .as(tls.err.toString()).isZero();
        assertThat(tls.out.toString()).contains(jobId);

        final CliRun plain = new CliRun();
        assertThat(plain.run("jobs", "-z", secure, "--tenancy", "tls", "--session-timeout-ms", "2000")).isEqualTo(1);
        assertThat(plain.err.toString()).contains("cannot connect to ZooKeeper at " + secure);
    }

    @Test
    void tlsOptionsThatCannotWorkAreNamed() {
        final CliRun noTrust = new CliRun();
        assertThat(noTrust.run("jobs", "-z", secure, "--zookeeper-keystore", store.toString())).isEqualTo(2);
        assertThat(noTrust.err.toString()).contains("need --zookeeper-truststore");

        final CliRun missing = new CliRun();
        assertThat(missing.run("jobs", "-z", secure, "--zookeeper-truststore", dir.resolve("none.p12").toString()))
            .isEqualTo(2);
        assertThat(missing.err.toString()).contains("trust store " + dir.resolve("none.p12"))
            .contains("not a readable file");
        assertThatThrownBy(() -> new ZooKeeperTls(dir.resolve("none"), null, null))
            .hasMessageContaining("not a readable file");
    }

    private static void keytool(final String... args) throws Exception {
        final List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        final Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String said = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(said).isZero();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
