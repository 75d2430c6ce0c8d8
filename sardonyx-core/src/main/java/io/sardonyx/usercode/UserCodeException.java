package io.sardonyx.usercode;

/** User code a job names cannot be resolved or made on this peer. */
public final class UserCodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserCodeException(final String message) {
        super(message);
    }

    public UserCodeException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
