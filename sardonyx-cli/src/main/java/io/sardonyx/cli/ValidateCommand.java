package io.sardonyx.cli;

import io.sardonyx.job.ClassPathFunctionChecker;
import io.sardonyx.job.InvalidJobException;
import io.sardonyx.job.JobError;
import io.sardonyx.job.JobJson;
import io.sardonyx.job.JobValidator;
import io.sardonyx.job.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sardonyx validate FILE...}: checks job files and names every mistake. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
        "Check job files before submitting them.",
        "Prints 'valid: FILE (N tasks)' for each good file and exits 0; otherwise prints every mistake, each "
            + "naming the file and the task, key or edge at fault, and exits 2. Functions named in the job are "
            + "resolved against the class path (never run)."})
final class ValidateCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Job files (JSON) to validate.")
    private List<Path> files = new ArrayList<>();

    @Mixin
    private FunctionOptions functions;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final JobValidator validator;
        try {
            validator = new JobValidator(new ClassPathFunctionChecker(functions.loader(), functions.policy()));
        } catch (final IllegalArgumentException e) {
            err.println("sardonyx validate: " + e.getMessage());
            return SardonyxCommand.EXIT_BAD_INPUT;
        }
        boolean allValid = true;
        for (final Path file : files) {
            allValid &= validate(file, validator, out, err);
        }
        out.flush();
        err.flush();
        return allValid ? 0 : SardonyxCommand.EXIT_BAD_INPUT;
    }

    private static boolean validate(final Path file, final JobValidator validator, final PrintWriter out,
                                    final PrintWriter err) {
        final String source = file.toString();
        List<JobError> errors;
        try {
            final JobJson.Parsed parsed = JobJson.parse(JobFiles.read(file));
            final ValidationReport report = validator.validate(parsed);
            report.warnings().forEach(warning -> err.println(source + ": warning: " + warning));
            if (report.valid()) {
                out.println("valid: " + source + " (" + count(parsed.job().catalog().size(), "task") + ")");
                return true;
            }
            errors = report.errors();
        } catch (final InvalidJobException e) {
            errors = e.errors();
        }
        errors.forEach(error -> err.println(source + ": " + error));
        err.println("invalid: " + source + " (" + count(errors.size(), "error") + ")");
        return false;
    }

    static String count(final int n, final String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
