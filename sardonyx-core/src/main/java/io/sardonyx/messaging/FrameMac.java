package io.sardonyx.messaging;

import io.sardonyx.codec.TenancySecret;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The MAC a frame carries between groups when the tenancy has a secret: HMAC-SHA-256 truncated to 16 bytes, over
 * the receiving peer's stream id and the frame's bytes (header with its route sequence, then segments), appended to
 * the frame. The stream id binds a frame to its receiver, so a frame seen on one route cannot be replayed into
 * another. One per outbox or inbox: a Mac belongs to one thread.
 */
final class FrameMac {
    /** Bytes of the MAC at the end of each frame. */
    static final int BYTES = 16;
    static final String PURPOSE = "sardonyx frames";

    private final Mac mac;
    private final byte[] stream = new byte[4];
    private final byte[] tag = new byte[32];
    private byte[] scratch = new byte[0];

    FrameMac(final TenancySecret secret) {
        this.mac = secret.mac(PURPOSE);
    }

    /** Appends the MAC over {@code length} bytes at the start of an array-backed buffer; returns the new length. */
    int sign(final int streamId, final MutableDirectBuffer buffer, final int length) {
        compute(streamId, buffer.byteArray(), 0, length);
        buffer.putBytes(length, tag, 0, BYTES);
        return length + BYTES;
    }

    /** True when the last {@link #BYTES} of the message are the MAC of what comes before them. */
    boolean verify(final int streamId, final DirectBuffer buffer, final int offset, final int length) {
        if (length < FrameCodec.HEADER_BYTES + BYTES) {
            return false;
        }
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        buffer.getBytes(offset, scratch, 0, length);
        compute(streamId, scratch, 0, length - BYTES);
        return TenancySecret.equal(tag, 0, scratch, length - BYTES, BYTES);
    }

    private void compute(final int streamId, final byte[] bytes, final int offset, final int length) {
        stream[0] = (byte) (streamId >>> 24);
        stream[1] = (byte) (streamId >>> 16);
        stream[2] = (byte) (streamId >>> 8);
        stream[3] = (byte) streamId;
        mac.update(stream);
        mac.update(bytes, offset, length);
        try {
            mac.doFinal(tag, 0);
        } catch (final ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
