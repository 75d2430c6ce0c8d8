package io.sardonyx.job;

import java.util.List;

/**
 * What validation found: errors (the job must not be submitted) and warnings (it may be, but something in it
 * has no effect or looks wrong).
 *
 * @param errors   mistakes, in the order found
 * @param warnings notes about keys that do nothing
 */
public record ValidationReport(List<JobError> errors, List<JobError> warnings) {
    public ValidationReport {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /** True when there is no error. */
    public boolean valid() {
        return errors.isEmpty();
    }

    /**
     * Throws when there is an error.
     *
     * @throws InvalidJobException listing every error, each prefixed with the source
     */
    public void throwIfInvalid(final String source) {
        if (!errors.isEmpty()) {
            throw new InvalidJobException(source, errors);
        }
    }
}
