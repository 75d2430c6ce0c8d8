package io.sardonyx.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The frame around every stored blob: magic {@code SDXC}, a format byte, the payload length and a CRC-32C of the
 * payload, then the payload. Pure.
 */
public final class BlobFrame {
    public static final int HEADER_BYTES = 13;
    private static final int MAGIC = 0x53445843;
    private static final byte FORMAT = 1;

    private BlobFrame() {
    }

    /** The framed bytes of a payload. */
    public static byte[] wrap(final byte[] payload) {
        final ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + payload.length).order(ByteOrder.BIG_ENDIAN);
        out.putInt(MAGIC).put(FORMAT).putInt(payload.length).putInt(crc(payload, 0, payload.length)).put(payload);
        return out.array();
    }

    /**
     * The payload of framed bytes.
     *
     * @param what names what was read and where, e.g. "checkpoint blob job/1-2/in/0 at /path", in errors
     * @throws CheckpointException saying what is wrong: not a blob, another format, truncated, corrupt
     */
    public static byte[] unwrap(final byte[] framed, final String what) throws CheckpointException {
        if (framed.length < HEADER_BYTES) {
            throw new CheckpointException(what + " is truncated: " + framed.length
                + " bytes, shorter than its " + HEADER_BYTES + "-byte header");
        }
        final ByteBuffer in = ByteBuffer.wrap(framed).order(ByteOrder.BIG_ENDIAN);
        if (in.getInt() != MAGIC) {
            throw new CheckpointException(what + " is not a Sardonyx checkpoint (bad magic)");
        }
        final byte format = in.get();
        if (format != FORMAT) {
            throw new CheckpointException(what + " has format " + format + "; this build reads "
                + FORMAT);
        }
        final int length = in.getInt();
        final int expected = in.getInt();
        if (length < 0 || length != framed.length - HEADER_BYTES) {
            throw new CheckpointException(what + " is truncated or padded: its header says "
                + length + " bytes, " + (framed.length - HEADER_BYTES) + " follow");
        }
        if (crc(framed, HEADER_BYTES, length) != expected) {
            throw new CheckpointException(what + " is corrupt: its checksum does not match");
        }
        final byte[] payload = new byte[length];
        System.arraycopy(framed, HEADER_BYTES, payload, 0, length);
        return payload;
    }

    private static int crc(final byte[] bytes, final int offset, final int length) {
        final CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
