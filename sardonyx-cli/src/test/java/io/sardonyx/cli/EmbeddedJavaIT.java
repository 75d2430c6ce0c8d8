package io.sardonyx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java program, exactly as the README shows it: compiled against the jar the build packaged, and run in
 * a JVM of its own started with no flags at all, as a user's program would be.
 */
class EmbeddedJavaIT {
    private static final Pattern JAVA = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void theReadmesJavaProgramCompilesAndRunsWithNoJvmFlags() throws Exception {
        final String readme = Files.readString(ReadmeScript.CHECKOUT.resolve("README.md"), StandardCharsets.UTF_8);
        final Matcher m = JAVA.matcher(readme);
        assertThat(m.find()).as("the README has a Java block").isTrue();
        final String program = m.group(1);
        assertThat(m.find()).as("one Java block, which this test runs").isFalse();
        final Path source = Files.createDirectories(dir.resolve("src/com/acme")).resolve("Embedded.java");
        Files.writeString(source, program);
        final Path jar = ReadmeScript.CHECKOUT.resolve("sardonyx-cli/target/sardonyx.jar");
        final Path classes = Files.createDirectories(dir.resolve("classes"));
        final int javac = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", jar.toString(), "-d",
            classes.toString(), source.toString());
        assertThat(javac).as("javac of the README's program").isZero();

        final Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        final Path out = dir.resolve("out.txt");
        final ProcessBuilder builder = new ProcessBuilder(List.of(javaBin.toString(), "-cp",
            jar + java.io.File.pathSeparator + classes, "com.acme.Embedded")).directory(dir.toFile())
            .redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("SARDONYX_HOME", dir.resolve("home").toString());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        final Process process = builder.start();
        final boolean ended = process.waitFor(3, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        final String output = Files.readString(out);
        assertThat(ended).as("the program ends; it printed:\n" + output).isTrue();
        assertThat(process.exitValue()).as("exit code; it printed:\n" + output).isZero();
        assertThat(output).as("what it printed").contains("COMPLETED [{n=2}]").doesNotContain("IllegalAccessError");
    }
}
