package io.sardonyx.task;

/** A task could not be restored from the checkpoint its job recovers from (a blob, a peer count). */
final class RecoveryException extends Exception {
    private static final long serialVersionUID = 1L;

    RecoveryException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
