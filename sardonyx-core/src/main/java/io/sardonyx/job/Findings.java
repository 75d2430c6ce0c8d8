package io.sardonyx.job;

import io.sardonyx.codec.JsonText;
import java.util.ArrayList;
import java.util.List;

/** The errors and warnings validation has found so far; one per validation run, not shared. */
final class Findings {
    private final List<JobError> errors = new ArrayList<>();
    private final List<JobError> warnings = new ArrayList<>();

    void error(final String subject, final String message) {
        errors.add(new JobError(subject, message));
    }

    void warning(final String subject, final String message) {
        warnings.add(new JobError(subject, message));
    }

    ValidationReport report() {
        return new ValidationReport(errors, warnings);
    }

    /** Quotes a name for a message: {@code "inc"}. */
    static String q(final Object name) {
        return JsonText.write(String.valueOf(name));
    }
}
