package io.sardonyx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sardonyx run} on an embedded environment: completed, killed and invalid jobs. */
class RunCommandTest {
    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();
    private final java.io.StringWriter out = cli.out;
    private final java.io.StringWriter err = cli.err;

    private int run(final String... args) {
        return cli.run(args);
    }

    @Test
    void runsAJobToItsEndAndPrintsItsOutput() {
        assertThat(run("run", "../examples/linear.json")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("out (5 segments):", "{\"n\":20}", "{\"n\":60}");
        assertThat(err.toString()).contains("submitted (4 tasks, running as 3)", "in 5 in/5 out", "completed");
    }

    @Test
    void countsWordsWithAGroupedWindow() {
        assertThat(run("run", "../examples/word-count.json")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("write-counts (23 segments):", "{\"word\":\"the\",\"count\":5}",
            "{\"word\":\"cluster\",\"count\":3}");
    }

    @Test
    void countsClicksPerUserAndMinuteFromAFile() throws Exception {
        final String job = Files.readString(Path.of("../examples/grouped-window-count.json"))
            .replace("examples/data/clicks.jsonl", "../examples/data/clicks.jsonl")
            .replace("target/click-counts.jsonl", dir.resolve("counts.jsonl").toString());
        final Path file = Files.writeString(dir.resolve("clicks.json"), job);
        assertThat(run("run", file.toString())).as(err.toString()).isZero();
        long clicks = 0;
        for (final String line : Files.readAllLines(dir.resolve("counts.jsonl"))) {
            clicks += Long.parseLong(line.replaceAll(".*\"clicks\":(\\d+).*", "$1"));
        }
        assertThat(clicks).as("every click counted once").isEqualTo(60);
    }

    @Test
    void routesExceptionsOfTheFlowExample() {
        assertThat(run("run", "../examples/fan-out-flow.json")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("evens (", "odds (", "rejected (");
    }

    @Test
    void exitsOneWithTheReasonWhenTheJobIsKilled() throws Exception {
        final Path job = Files.writeString(dir.resolve("bad-file.json"), Files.readString(
            Path.of("../examples/linear.json")).replace("\"onyx/plugin\": \"seq\"",
            "\"onyx/plugin\": \"file\", \"file/path\": \"" + dir.resolve("missing.jsonl") + "\""));
        assertThat(run("run", job.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("was killed", "missing.jsonl", "(--verbose shows the stack trace)")
            .doesNotContain("\tat ");
        assertThat(err.toString().split("missing.jsonl", -1)).as("the reason is printed once").hasSize(2);
        err.getBuffer().setLength(0);
        assertThat(run("run", job.toString(), "--verbose")).isEqualTo(1);
        assertThat(err.toString()).contains("was killed", "missing.jsonl", "\tat ");
    }

    @Test
    void aTwoTaskFileJobWritesOneFileAppendsToItAndLeavesNoPendingDirectory() throws Exception {
        final Path in = Files.writeString(dir.resolve("in.jsonl"), "{\"n\": 1}\n{\"n\": 2}\n{\"n\": 3}\n");
        final Path out = Files.writeString(dir.resolve("out.jsonl"), "{\"kept\":true}\n");
        final Path job = Files.writeString(dir.resolve("copy.json"), """
            {"workflow": [["in", "out"]],
             "catalog": [
               {"onyx/name": "in", "onyx/type": "input", "onyx/plugin": "file", "file/path": "%s",
                "onyx/batch-size": 2},
               {"onyx/name": "out", "onyx/type": "output", "onyx/plugin": "file", "file/path": "%s",
                "onyx/batch-size": 2}]}
            """.formatted(in, out));
        assertThat(run("run", job.toString())).as(err.toString()).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                .as("one output file, the one named; no pending directory")
                .containsExactly("copy.json", "in.jsonl", "out.jsonl");
        }
        assertThat(Files.readAllLines(out)).as("appended to what the file held")
            .containsExactly("{\"kept\":true}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    }

    @Test
    void refusesNoPeersWithoutACluster() throws Exception {
        assertThat(run("run", "../examples/linear.json", "--peers", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--peers 0 without --zookeeper", "no peer to run the job");
    }

    @Test
    void clusterCommandsSayTheyWaitAndFailNamingAnAddressWhereNothingListens() throws Exception {
        final int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        for (final String command : java.util.List.of("jobs")) {
            err.getBuffer().setLength(0);
            final long start = System.nanoTime();
            assertThat(run(command, "-z", "127.0.0.1:" + port)).as(command).isEqualTo(1);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as(command + " gives up")
                .isLessThan(java.time.Duration.ofSeconds(15));
            assertThat(err.toString()).contains("nothing listens on 127.0.0.1:" + port + " yet; waiting up to 10 s")
                .contains("no ZooKeeper listens on 127.0.0.1:" + port);
        }
    }

    @Test
    void exitsTwoNamingTheFileWhenTheJobIsInvalid() throws Exception {
        final Path job = Files.writeString(dir.resolve("invalid.json"), "{\"workflow\": []}");
        assertThat(run("run", job.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(job.toString());
    }
}
