package io.sardonyx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();
    private final java.io.StringWriter out = cli.out;
    private final java.io.StringWriter err = cli.err;

    private int run(final String... args) {
        return cli.run(args);
    }

    private Path write(final String name, final String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void shouldSayValidAndExitZero() {
        assertThat(run("validate", "../examples/linear.json", "../examples/word-count.json")).isZero();
        assertThat(out.toString()).isEqualTo(
            "valid: ../examples/linear.json (4 tasks)\nvalid: ../examples/word-count.json (4 tasks)\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldPrintEveryErrorWithTheFileAndExitTwo() throws Exception {
        final Path bad = write("bad.json", """
            {"workflow": [["in", "out"], ["in", "out"]],
             "catalog": [{"onyx/name": "in", "onyx/type": "input", "onyx/plugin": "seq", "onyx/batch-size": 0,
                          "seq/elements": []},
                         {"onyx/name": "out", "onyx/type": "output", "onyx/plugin": "collect", "onyx/batch-size": 1}]}
            """);
        assertThat(run("validate", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(
            bad + ": task \"in\": \"onyx/batch-size\" must be a positive integer (the most segments read per batch); "
                + "got the number 0\n"
                + bad + ": workflow edge [\"in\", \"out\"]: appears 2 times; list each edge once\n"
                + "invalid: " + bad + " (2 errors)\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldNameMissingUnreadableAndOversizedFiles() throws Exception {
        final Path big = write("big.json", " ".repeat(1024 * 1024 + 1));
        final Path latin1 = dir.resolve("latin1.json");
        Files.write(latin1, new byte[] {'{', (byte) 0xE9, '}'});
        assertThat(run("validate", dir.resolve("nope.json").toString(), big.toString(), latin1.toString(),
            dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(
            dir.resolve("nope.json") + ": does not exist",
            big + ": is 1.0 MiB (1048577 bytes); a job document may be at most 1 MiB",
            latin1 + ": is not UTF-8 text",
            dir + ": is a directory");
    }

    @Test
    void shouldResolveFunctionsOnTheGivenClassPathAndHonourTheAllowlist() throws Exception {
        final Path job = write("job.json", Files.readString(Path.of("../examples/linear.json"))
            .replace("io.sardonyx.examples.Numbers::inc", "com.acme.Extra::inc"));
        assertThat(run("validate", job.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("task \"inc\": \"onyx/fn\": class com.acme.Extra is not on the class "
            + "path");

        final Path classes = Files.createDirectories(dir.resolve("classes/com/acme"));
        CompiledClass.write(classes.resolve("Extra.class"));
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertThat(run("validate", "--classpath", dir.resolve("classes").toString(), job.toString())).isZero();
        assertThat(out.toString()).contains("valid: " + job);

        err.getBuffer().setLength(0);
        assertThat(run("validate", "-cp", dir.resolve("classes").toString(), "--allow-package", "com.acme",
            job.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("io.sardonyx.examples.Numbers::scale\" is refused: its package is not in "
            + "the allowed packages (com.acme)");

        err.getBuffer().setLength(0);
        assertThat(run("validate", "--classpath", dir.resolve("missing.jar").toString(), job.toString()))
            .isEqualTo(2);
        assertThat(err.toString()).contains("sardonyx validate: class path entry " + dir.resolve("missing.jar")
            + " does not exist");
    }

    @Test
    void aJobMayNotNameTheEnginesOwnLibrariesUnlessAllowed() throws Exception {
        final Path job = write("job.json", Files.readString(Path.of("../examples/linear.json"))
            .replace("io.sardonyx.examples.Numbers::inc", "org.slf4j.LoggerFactory::getLogger"));
        assertThat(run("validate", job.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("\"org.slf4j.LoggerFactory::getLogger\" is refused: it comes with "
            + "Sardonyx (one of the engine's own libraries), not from the job's --classpath");
        err.getBuffer().setLength(0);
        assertThat(run("validate", "--allow-package", "org.slf4j,io.sardonyx", job.toString())).isEqualTo(2);
        assertThat(err.toString()).as("allowed, it is judged as a function").doesNotContain("comes with Sardonyx")
            .contains("org.slf4j.LoggerFactory::getLogger");
    }

    @Test
    void shouldExplainEveryCommandAndRefuseUnknownOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("validate", "demo", "keys");
        assertThat(run("validate", "--help")).isZero();
        assertThat(out.toString()).contains("--classpath", "--allow-package");
        assertThat(run("validate", "--bogus", "x.json")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--bogus'");
    }

    @Test
    void shouldRunTheDemoAndListKeys() {
        assertThat(run("demo")).isZero();
        assertThat(out.toString()).contains("measure", "grouped by word", "valid: examples/words.json (5 tasks)",
            "long-words (9 segments):", "\"word\":\"everything\"", "\"length\":10", "short-words (13 segments):")
            .doesNotContain("\"the\"");
        assertThat(run("keys", "windows")).isZero();
        assertThat(out.toString()).contains("window/timeout-gap");
    }
}
