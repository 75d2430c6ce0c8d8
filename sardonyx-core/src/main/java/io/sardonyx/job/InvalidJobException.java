package io.sardonyx.job;

import java.util.List;

/** A job that cannot be read or run, with every independent mistake found, each naming its culprit. */
public final class InvalidJobException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final transient List<JobError> errors;

    /**
     * @param source where the job came from (a file name), prefixed to each error
     * @param errors at least one error
     */
    public InvalidJobException(final String source, final List<JobError> errors) {
        super(format(source, errors));
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    /** Where the job came from. */
    public String source() {
        return source;
    }

    /** Every error found. */
    public List<JobError> errors() {
        return errors;
    }

    private static String format(final String source, final List<JobError> errors) {
        final StringBuilder out = new StringBuilder();
        for (final JobError error : errors) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(source).append(": ").append(error);
        }
        return out.toString();
    }
}
