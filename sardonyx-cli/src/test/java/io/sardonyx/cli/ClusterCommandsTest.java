package io.sardonyx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.log.store.EmbeddedZooKeeper;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client commands against a cluster: {@code submit} takes the user's functions with {@code --classpath},
 * {@code checkpoints} lists a job's checkpoints with their sizes, and {@code gc} deletes the checkpoints of the jobs
 * it forgets.
 */
class ClusterCommandsTest {
    @TempDir
    Path dir;

    private static String job(final String fn) {
        return """
            {"workflow": [["in", "inc"], ["inc", "out"]],
             "catalog": [
               {"onyx/name": "in", "onyx/type": "input", "onyx/plugin": "seq", "onyx/batch-size": 10,
                "onyx/n-peers": 1, "seq/elements": [{"n": 1}, {"n": 2}, {"n": 3}]},
               {"onyx/name": "inc", "onyx/type": "function", "onyx/fn": "%s", "onyx/batch-size": 10,
                "onyx/n-peers": 1},
               {"onyx/name": "out", "onyx/type": "output", "onyx/plugin": "collect", "onyx/batch-size": 10,
                "onyx/n-peers": 1}]}
            """.formatted(fn);
    }

    @Test
    void submitTakesTheUsersFunctionsAndCheckpointsAndGcSeeTheTenancysStorage() throws Exception {
        final Path classes = Files.createDirectories(dir.resolve("fns/com/acme"));
        CompiledClass.write(classes.resolve("Extra.class"));
        final Path file = Files.writeString(dir.resolve("job.json"), job("com.acme.Extra::inc"));
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start("127.0.0.1", 0, dir.resolve("zk"));
             Sardonyx peers = Sardonyx.builder().zookeeper(zk.connectString())
                 .classLoader(new URLClassLoader(new URL[] {dir.resolve("fns").toUri().toURL()},
                     getClass().getClassLoader()))
                 .checkpoints(dir.resolve("checkpoints")).build()) {
            peers.startPeers(3);
            final CliRun refused = new CliRun();
            assertThat(refused.run("submit", file.toString(), "-z", zk.connectString())).isEqualTo(2);
            assertThat(refused.err.toString()).contains(file + ": task \"inc\": \"onyx/fn\": class com.acme.Extra is "
                + "not on the class path");

            final CliRun submit = new CliRun();
            assertThat(submit.run("submit", file.toString(), "-z", zk.connectString(), "--classpath",
                dir.resolve("fns").toString())).as(submit.err.toString()).isZero();
            final JobHandle job = peers.job(submit.out.toString().trim());
            final JobOutcome outcome = job.await(Duration.ofSeconds(60));
            assertThat(outcome.completed()).as(outcome.reason()).isTrue();

            final CliRun listing = new CliRun();
            assertThat(listing.run("checkpoints", job.id(), "-z", zk.connectString())).as(listing.err.toString())
                .isZero();
            assertThat(listing.out.toString()).contains("VERSION", "BYTES", "in(1)", "checkpoint(s) in "
                + dir.resolve("checkpoints"));
            assertThat(dir.resolve("checkpoints/default").resolve(job.id())).exists();

            final CliRun finished = new CliRun();
            assertThat(finished.run("kill", job.id(), "-z", zk.connectString())).isZero();
            assertThat(finished.out.toString()).contains("has already completed; nothing to do");
            final CliRun unknown = new CliRun();
            assertThat(unknown.run("kill", "not-a-job", "-z", zk.connectString())).isEqualTo(2);
            assertThat(unknown.err.toString()).contains("tenancy default knows no job not-a-job");
            assertThat(peers.cluster().killed()).as("nothing was written").isEmpty();

            final CliRun gc = new CliRun();
            assertThat(gc.run("gc", "-z", zk.connectString())).as(gc.err.toString()).isZero();
            assertThat(gc.out.toString()).contains("forgot 1 finished job(s), deleted the checkpoints of 1, kept 0");
            assertThat(dir.resolve("checkpoints/default").resolve(job.id())).doesNotExist();
            final CliRun after = new CliRun();
            assertThat(after.run("checkpoints", job.id(), "-z", zk.connectString())).isZero();
            assertThat(after.out.toString()).contains("its checkpoints were deleted when gc");

            final CliRun other = new CliRun();
            assertThat(other.run("gc", "-z", zk.connectString(), "--checkpoints", dir.resolve("elsewhere")
                .toString())).isEqualTo(1);
            assertThat(other.err.toString()).contains("tenancy default keeps its checkpoints in "
                + dir.resolve("checkpoints"));
        }
    }
}
