package io.sardonyx.checkpoint;

/** A checkpoint blob could not be written, or what was read is missing, truncated or corrupt. */
public class CheckpointException extends Exception {
    private static final long serialVersionUID = 1L;

    public CheckpointException(final String message) {
        super(message);
    }

    public CheckpointException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
