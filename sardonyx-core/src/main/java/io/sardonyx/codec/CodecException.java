package io.sardonyx.codec;

/** A segment that cannot be encoded (an unsupported value type, too large) or bytes that do not decode. */
public final class CodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CodecException(final String message) {
        super(message);
    }
}
