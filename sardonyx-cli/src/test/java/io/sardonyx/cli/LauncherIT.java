package io.sardonyx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real launcher, bin/sardonyx, against the jar the build just packaged. */
class LauncherIT {
    private static final Path HOME = Path.of(System.getProperty("sardonyx.home", "..")).toAbsolutePath();

    @TempDir
    Path dir;

    /** The result of one run. */
    record Run(int exitCode, String out, String err) {
    }

    private Run sardonyx(final String... args) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>();
        command.add(HOME.resolve("bin/sardonyx").toString());
        command.addAll(List.of(args));
        final Path out = dir.resolve("out.txt");
        final Path err = dir.resolve("err.txt");
        final Process process = new ProcessBuilder(command).directory(dir.toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("launcher finished").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void shouldValidateAGoodFileWithoutRebuilding() throws Exception {
        final Run run = sardonyx("validate", HOME.resolve("examples/fan-out-flow.json").toString());
        assertThat(run.err()).doesNotContain("building");
        assertThat(run.out()).isEqualTo("valid: " + HOME.resolve("examples/fan-out-flow.json") + " (6 tasks)\n");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void shouldNameEachMistakeOfABadFileAndExitTwo() throws Exception {
        final Path bad = Files.writeString(dir.resolve("bad.json"), """
            {"workflow": [["in", "inc"], ["inc", "otu"]],
             "catalog": [
               {"onyx/name": "in", "onyx/type": "input", "onyx/plugin": "seq", "onyx/batch-size": 10,
                "seq/elements": [{"n": 1}]},
               {"onyx/name": "inc", "onyx/type": "function", "onyx/fn": "io.sardonyx.examples.Numbers::incr",
                "onyx/batch-size": 10},
               {"onyx/name": "out", "onyx/type": "output", "onyx/plugin": "collect", "onyx/batch-size": 10}]}
            """);
        final Run run = sardonyx("validate", bad.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(
            bad + ": task \"inc\": \"onyx/fn\": class io.sardonyx.examples.Numbers has no public method \"incr\"; "
                + "did you mean \"inc\"?",
            bad + ": workflow edge [\"inc\", \"otu\"]: task \"otu\" is not in the catalog; did you mean \"out\"?",
            "invalid: " + bad + " (3 errors)");
    }

    /** Ctrl-C (SIGINT) and SIGTERM of a run mid-job: it says it stopped, and leaves nothing it made behind. */
    @Test
    void anInterruptedRunRemovesEverythingItMade() throws Exception {
        final Path job = Files.writeString(dir.resolve("endless.json"), """
            {"workflow": [["in", "out"]],
             "catalog": [
               {"onyx/name": "in", "onyx/type": "input", "onyx/plugin": "queue", "queue/name": "never-closed",
                "onyx/batch-size": 10},
               {"onyx/name": "out", "onyx/type": "output", "onyx/plugin": "collect", "onyx/batch-size": 10}]}
            """);
        for (final String signal : List.of("INT", "TERM")) {
            final Path tmp = Files.createDirectories(dir.resolve("tmp-" + signal));
            final java.util.Set<String> shmBefore = shm();
            final Path err = dir.resolve("err-" + signal + ".txt");
            final ProcessBuilder builder = new ProcessBuilder(HOME.resolve("bin/sardonyx").toString(), "run",
                job.toString()).directory(dir.toFile()).redirectOutput(dir.resolve("out-" + signal + ".txt").toFile())
                .redirectError(err.toFile());
            builder.environment().put("SARDONYX_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
            builder.environment().put("SARDONYX_HOME", dir.resolve("home").toString());
            final Process process = builder.start();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2))
                .until(() -> Files.readString(err).contains(" submitted ("));
            assertThat(tmp.toFile().list()).as("the run made its temporary directories").isNotEmpty();
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the run stops on SIG" + signal).isTrue();
            final String said = Files.readString(err);
            assertThat(said).as("SIG" + signal).contains("sardonyx run: interrupted", "sardonyx run: stopped");
            assertThat(tmp.toFile().list()).as("SIG" + signal + ": temporary directories left: " + said).isEmpty();
            final java.util.Set<String> left = shm();
            left.removeAll(shmBefore);
            assertThat(left).as("SIG" + signal + ": Aeron directories left in /dev/shm").isEmpty();
        }
    }

    private static java.util.Set<String> shm() {
        final String[] names = new java.io.File("/dev/shm").list((d, n) -> n.startsWith("sardonyx-aeron-"));
        return new java.util.HashSet<>(names == null ? List.of() : List.of(names));
    }

    @Test
    void shouldRunTheDemoAndPrintHelp() throws Exception {
        final Run demo = sardonyx("demo");
        assertThat(demo.exitCode()).isZero();
        assertThat(demo.out()).contains("valid: examples/words.json (5 tasks)", "long-words (9 segments):",
            "dashboard: http://127.0.0.1:");
        final Run help = sardonyx("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: sardonyx");
    }

    @Test
    void theKafkaDemoCountsWordsFromTopicToTopicExactlyOnce() throws Exception {
        final java.util.Set<String> before = kafkaDirs();
        final Run demo = sardonyx("demo", "--kafka");
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("produced 4 lines to topic lines", "topic word-counts, read committed (23 "
            + "records):", "{\"word\":\"the\",\"count\":5}", "{\"word\":\"cluster\",\"count\":3}");
        assertThat(kafkaDirs()).as("the broker's directory is removed").isEqualTo(before);
    }

    private static java.util.Set<String> kafkaDirs() {
        final String[] names = new java.io.File(System.getProperty("java.io.tmpdir"))
            .list((d, n) -> n.startsWith("sardonyx-kafka-"));
        return new java.util.HashSet<>(names == null ? List.of() : List.of(names));
    }
}
