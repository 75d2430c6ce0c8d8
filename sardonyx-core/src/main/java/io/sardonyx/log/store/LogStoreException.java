package io.sardonyx.log.store;

/** The store under the log failed (connection lost, session expired, timeout); the caller restarts or stops. */
public final class LogStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LogStoreException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
