package io.sardonyx.checkpoint;

/** A coordinator's allocation is older than the one that claims the job: it must stop coordinating. */
public final class StaleCoordinatorException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public StaleCoordinatorException(final String message) {
        super(message);
    }
}
