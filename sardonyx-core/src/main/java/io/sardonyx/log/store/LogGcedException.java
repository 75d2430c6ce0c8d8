package io.sardonyx.log.store;

/** The entry asked for was deleted by a gc: continue from the origin instead. */
public final class LogGcedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LogGcedException(final long messageId, final long originMessageId) {
        super("log entry " + messageId + " was deleted by a gc; the origin is now at entry " + originMessageId);
    }
}
