package io.sardonyx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.job.ClassPathFunctionChecker;
import io.sardonyx.job.Job;
import io.sardonyx.job.JobJson;
import io.sardonyx.job.JobValidator;
import io.sardonyx.codec.JsonText;
import io.sardonyx.job.PackagePolicy;
import io.sardonyx.job.ValidationReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every job in examples/ validates against the shipped functions and round-trips through JSON exactly. */
class ExamplesTest {
    static Stream<Path> examples() throws Exception {
        final List<Path> files;
        try (Stream<Path> listing = Files.list(Path.of("..", "examples"))) {
            files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void shouldValidateWithoutErrorsOrWarnings(final Path file) throws Exception {
        final JobValidator validator = new JobValidator(new ClassPathFunctionChecker(getClass().getClassLoader(),
            new PackagePolicy(List.of("io.sardonyx.examples"))));
        final ValidationReport report = validator.validate(JobJson.parse(Files.readString(file)));
        assertThat(report.errors()).as(file.toString()).isEmpty();
        assertThat(report.warnings()).as(file.toString()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void shouldRoundTripExactly(final Path file) throws Exception {
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        final Job job = Job.fromJson(text);
        assertThat(JsonText.parse(job.toJson())).as(file.toString()).isEqualTo(JsonText.parse(text));
        assertThat(Job.fromJson(job.toJson())).as(file.toString()).isEqualTo(job);
    }
}
