package io.sardonyx.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sardonyx.client.Sardonyx;
import io.sardonyx.log.store.EmbeddedZooKeeper;
import io.sardonyx.log.store.ZooKeeperConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ZooKeeper secure by default: a peer group refuses to join a tenancy beyond this machine without credentials,
 * credentials come from a file (kept out of ps) and on the command line only with a warning, and {@code env} with
 * credentials makes every tenancy unreadable and unwritable to a process without them.
 */
class CredentialsTest {
    @TempDir
    Path dir;

    @Test
    void aPeerGroupRefusesAnOpenTenancyBeyondThisMachine() {
        // 192.0.2.1 is a documentation address: the refusal comes before any connection is tried.
        final CliRun run = new CliRun();
        assertThat(run.run("peers", "--peers", "1", "-z", "192.0.2.1:2181")).isEqualTo(2);
        assertThat(run.err.toString()).contains("refusing to join tenancy default on 192.0.2.1:2181 without "
            + "credentials").contains("--credentials-file").contains("--insecure");
    }

    @Test
    void aSecretFileTooShortOrMissingIsNamed() throws Exception {
        final Path shortSecret = Files.writeString(dir.resolve("secret"), "too short");
        final CliRun run = new CliRun();
        assertThat(run.run("peers", "--peers", "1", "-z", "127.0.0.1:1", "--secret-file", shortSecret.toString()))
            .isEqualTo(2);
        assertThat(run.err.toString()).contains("the secret file " + shortSecret + " holds 9 bytes")
            .contains("head -c 32 /dev/urandom");
        final CliRun missing = new CliRun();
        assertThat(missing.run("peers", "--peers", "1", "-z", "127.0.0.1:1", "--secret-file",
            dir.resolve("none").toString())).isEqualTo(2);
        assertThat(missing.err.toString()).contains("cannot read the secret file " + dir.resolve("none"));
    }

    @Test
    void credentialsComeFromAFileAndOnTheCommandLineOnlyWithAWarning() throws Exception {
        final Path file = Files.writeString(dir.resolve("zk-credentials"), "sardonyx:s3cret\n");
        assertThat(ClusterOptions.readCredentials(file)).isEqualTo("sardonyx:s3cret");
        final Path bad = Files.writeString(dir.resolve("bad"), "no colon here\n");
        assertThatThrownBy(() -> ClusterOptions.readCredentials(bad)).hasMessageContaining(bad.toString())
            .hasMessageContaining("user:password");
        assertThatThrownBy(() -> ClusterOptions.readCredentials(dir.resolve("missing")))
            .hasMessageContaining("cannot read the credentials file " + dir.resolve("missing"));
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start("127.0.0.1", 0, dir.resolve("zk"))) {
            final CliRun visible = new CliRun();
            visible.run("jobs", "-z", zk.connectString(), "--credentials", "a:b");
            assertThat(visible.err.toString()).contains("visible to every user of this machine (ps)");
            final CliRun fromFile = new CliRun();
            fromFile.run("jobs", "-z", zk.connectString(), "--credentials-file", file.toString());
            assertThat(fromFile.err.toString()).as("the tenancy is read, with the file's credentials")
                .contains("tenancy default has no log yet").doesNotContain("visible to every user");
        }
        assertThat(ClusterOptions.loopback("127.0.0.1:2181,localhost:2182")).isTrue();
        assertThat(ClusterOptions.loopback("127.0.0.1:2181,10.0.0.5:2181")).isFalse();
    }

    @Test
    void envWithCredentialsClosesEveryTenancyToAProcessWithoutThem() throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start("127.0.0.1", 0, dir.resolve("zk"))) {
            EnvCommand.secureRoot(zk.connectString(), "sardonyx:s3cret");
            try (Sardonyx insider = Sardonyx.builder().zookeeper(zk.connectString()).credentials("sardonyx:s3cret")
                .checkpoints(dir.resolve("checkpoints")).build()) {
                insider.startPeers(1);
            }
            final CuratorFramework outsider = ZooKeeperConnection.open(zk.connectString(), 10_000, null);
            try {
                assertThatThrownBy(() -> outsider.getChildren().forPath("/sardonyx"))
                    .isInstanceOf(KeeperException.NoAuthException.class);
                assertThatThrownBy(() -> outsider.create().forPath("/sardonyx/mine"))
                    .isInstanceOf(KeeperException.NoAuthException.class);
                assertThatThrownBy(() -> outsider.create().forPath("/sardonyx/default/log/entry-x", new byte[1]))
                    .isInstanceOf(KeeperException.NoAuthException.class);
            } finally {
                outsider.close();
            }
        }
    }
}
