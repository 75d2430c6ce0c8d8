package io.sardonyx.api;

/**
 * A failure no restart can mend (a record that cannot be decoded, read again after every restart): the task that
 * throws it kills its job, whatever its lifecycles' handle-exception says, so it never becomes a restart loop.
 */
public class UnrecoverableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnrecoverableException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
