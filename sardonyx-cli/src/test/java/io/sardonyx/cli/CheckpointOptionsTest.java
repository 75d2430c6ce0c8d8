package io.sardonyx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --checkpoints: a directory, or s3://bucket/prefix with credentials from the environment, named when missing. */
class CheckpointOptionsTest {
    @TempDir
    Path dir;

    @Test
    void aRunKeepsItsCheckpointsInTheDirectoryGiven() {
        final Path checkpoints = dir.resolve("ckpt");
        final CliRun cli = new CliRun();
        assertThat(cli.run("run", "../examples/linear.json", "--checkpoints", checkpoints.toString()))
            .as(cli.err.toString()).isZero();
        assertThat(Files.isDirectory(checkpoints.resolve("default"))).as("a directory per tenancy").isTrue();
    }

    @Test
    void anS3TargetWithoutCredentialsOrBucketIsRefusedNamingWhatIsMissing() {
        final CliRun cli = new CliRun();
        assertThat(cli.run("run", "../examples/linear.json", "--checkpoints", "s3:///prefix")).isEqualTo(2);
        assertThat(cli.err.toString()).contains("names no bucket");
        if (System.getenv("AWS_ACCESS_KEY_ID") == null) {
            final CliRun again = new CliRun();
            assertThat(again.run("run", "../examples/linear.json", "--checkpoints", "s3://bucket/p")).isEqualTo(2);
            assertThat(again.err.toString()).contains("needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
        }
    }
}
