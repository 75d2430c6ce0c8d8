package io.sardonyx.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sardonyx.log.store.EmbeddedZooKeeper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peer groups in processes of their own, each with its own HOME as on machines of their own: the first records its
 * default storage for the tenancy; one given another storage is refused naming the tenancy's; one that cannot read the
 * tenancy's storage (it is not the shared directory there) is refused before it joins, naming the storage and the fix.
 */
class StorageJoinIT {
    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    private Process peers(final String name, final Path home, final String zookeeper, final String... more)
        throws IOException {
        final List<String> command = new ArrayList<>(List.of(ReadmeScript.CHECKOUT.resolve("bin/sardonyx").toString(),
            "peers", "--peers", "1", "-z", zookeeper));
        command.addAll(List.of(more));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile())
            .redirectError(dir.resolve(name + ".err").toFile());
        builder.environment().remove("SARDONYX_HOME");
        builder.environment().put("HOME", home.toString());
        builder.environment().put("SARDONYX_NO_BUILD", "1");
        final Process process = builder.start();
        processes.add(process);
        return process;
    }

    private String err(final String name) throws IOException {
        return Files.readString(dir.resolve(name + ".err"), StandardCharsets.UTF_8);
    }

    @Test
    void aGroupThatCannotReadTheTenancysStorageIsRefusedBeforeItJoins() throws Exception {
        final Path first = Files.createDirectories(dir.resolve("first-home"));
        final Path other = Files.createDirectories(dir.resolve("other-home"));
        final Path shared = first.resolve(".sardonyx/checkpoints");
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start("127.0.0.1", 0, dir.resolve("zk"))) {
            peers("first", first, zk.connectString());
            await("the first group records its default storage").atMost(Duration.ofSeconds(60))
                .until(() -> Files.readString(dir.resolve("first.out")).contains("checkpoints in " + shared));

            final Process explicit = peers("explicit", other, zk.connectString(), "--checkpoints",
                other.resolve("mine").toString());
            assertThat(explicit.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(explicit.exitValue()).isEqualTo(1);
            assertThat(err("explicit")).contains("tenancy default keeps its checkpoints in " + shared,
                "this process was given " + other.resolve("mine"), "Leave out --checkpoints");

            // As on a machine where the recorded path is not the shared directory: its token is not there.
            final Path tokens = shared.resolve("default/.tenancy");
            final Path hidden = Files.createDirectories(dir.resolve("hidden"));
            try (Stream<Path> files = Files.list(tokens)) {
                for (final Path token : files.toList()) {
                    Files.move(token, hidden.resolve(token.getFileName()));
                }
            }
            final Process stranger = peers("stranger", other, zk.connectString());
            assertThat(stranger.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(stranger.exitValue()).isEqualTo(1);
            assertThat(err("stranger")).contains("cannot join tenancy default: its checkpoints are kept in " + shared,
                "mount the shared directory", "--checkpoints s3://bucket/prefix");
            assertThat(Files.readString(dir.resolve("stranger.out"))).as("it never joined").doesNotContain("joining");
            assertThat(other.resolve(".sardonyx/checkpoints")).as("nor wrote its own default").doesNotExist();
        }
    }
}
