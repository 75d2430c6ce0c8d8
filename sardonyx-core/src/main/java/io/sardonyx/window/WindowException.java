package io.sardonyx.window;

/** A window could not take a segment, or a trigger's function failed; names the window or trigger. */
public final class WindowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WindowException(final String message, final Throwable cause) {
        super(message, cause);
    }

    public WindowException(final String message) {
        super(message);
    }
}
