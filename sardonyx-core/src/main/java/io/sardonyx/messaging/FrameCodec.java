package io.sardonyx.messaging;

import io.sardonyx.codec.CodecException;
import io.sardonyx.codec.SegmentCodec;
import io.sardonyx.codec.SegmentShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The wire layout of a {@link Frame}: a 48-byte header (type, flags, source, job key, version, epoch, segment
 * count, and the route's sequence number, which lets a receiver see a gap) followed by the segments in the
 * {@link SegmentCodec} form. Decoding checks the count against the bytes that remain before it allocates.
 */
public final class FrameCodec {
    public static final int HEADER_BYTES = 48;
    private static final int TYPE = 0;
    private static final int FLAGS = 1;
    private static final int SOURCE = 4;
    private static final int JOB_KEY = 8;
    private static final int VERSION = 16;
    private static final int EPOCH = 24;
    private static final int COUNT = 32;
    private static final int SEQUENCE = 40;

    private final SegmentCodec segments;
    private final int[] consumed = new int[1];
    private final SegmentShape writing = new SegmentShape();
    private final SegmentShape reading = new SegmentShape();

    /** @param segments the segment codec (and its limits); one FrameCodec per thread */
    public FrameCodec(final SegmentCodec segments) {
        this.segments = segments;
    }

    /** Writes the header of a frame whose segments follow; returns the header length. */
    public static int encodeHeader(final MutableDirectBuffer buffer, final int offset, final Frame frame,
                                   final int count) {
        return encodeHeader(buffer, offset, frame, count, 0);
    }

    /** Writes a header with the route's sequence number (the frame parts sent on the route before this one). */
    public static int encodeHeader(final MutableDirectBuffer buffer, final int offset, final Frame frame,
                                   final int count, final long sequence) {
        buffer.putLong(offset + SEQUENCE, sequence);
        buffer.putByte(offset + TYPE, (byte) frame.type().ordinal());
        buffer.putByte(offset + FLAGS, (byte) frame.flags());
        buffer.putShort(offset + 2, (short) 0);
        buffer.putInt(offset + SOURCE, frame.source());
        buffer.putLong(offset + JOB_KEY, frame.jobKey());
        buffer.putLong(offset + VERSION, frame.version());
        buffer.putLong(offset + EPOCH, frame.epoch());
        buffer.putInt(offset + COUNT, count);
        return HEADER_BYTES;
    }

    /** Starts the segments of a new message: its first segment is written whole. */
    public void startSegments() {
        writing.reset();
    }

    /**
     * Encodes one segment after a header (and after the message's segments before it, since {@link #startSegments});
     * returns its length.
     */
    public int encodeSegment(final Map<String, Object> segment, final MutableDirectBuffer buffer, final int offset) {
        return segments.encode(segment, buffer, offset, writing);
    }

    /** The encoded length of the whole frame, header included. */
    public int encode(final Frame frame, final MutableDirectBuffer buffer, final int offset) {
        int pos = offset + encodeHeader(buffer, offset, frame, frame.segments().size());
        startSegments();
        for (final Map<String, Object> segment : frame.segments()) {
            pos += segments.encode(segment, buffer, pos, writing);
        }
        return pos - offset;
    }

    public static long version(final DirectBuffer buffer, final int offset) {
        return buffer.getLong(offset + VERSION);
    }

    public static long jobKey(final DirectBuffer buffer, final int offset) {
        return buffer.getLong(offset + JOB_KEY);
    }

    public static int source(final DirectBuffer buffer, final int offset) {
        return buffer.getInt(offset + SOURCE);
    }

    public static long sequence(final DirectBuffer buffer, final int offset) {
        return buffer.getLong(offset + SEQUENCE);
    }

    /**
 * Reads a whole frame.
 *
 * @throws CodecException when the bytes are not a frame, are truncated or break a limit
 */
    public Frame decode(final DirectBuffer buffer, final int offset, final int length) {
        if (length < HEADER_BYTES) {
            throw new CodecException("a frame of " + length + " bytes is shorter than its " + HEADER_BYTES
                + "-byte header");
        }
        final FrameType type = FrameType.of(buffer.getByte(offset + TYPE));
        if (type == null) {
            throw new CodecException("unknown frame type " + buffer.getByte(offset + TYPE));
        }
        final int count = buffer.getInt(offset + COUNT);
        final int body = length - HEADER_BYTES;
        // Each segment takes at least 5 bytes (a map tag and a count).
        if (count < 0 || count > body / 5) {
            throw new CodecException("a frame of " + length + " bytes cannot hold " + count + " segments");
        }
        final List<Map<String, Object>> batch = count == 0 ? List.of() : new ArrayList<>(count);
        int pos = offset + HEADER_BYTES;
        final int end = offset + length;
        reading.reset();
        for (int i = 0; i < count; i++) {
            batch.add(segments.decode(buffer, pos, end - pos, consumed, reading));
            pos += consumed[0];
        }
        return new Frame(type, buffer.getLong(offset + JOB_KEY), buffer.getLong(offset + VERSION),
            buffer.getInt(offset + SOURCE), buffer.getLong(offset + EPOCH), buffer.getByte(offset + FLAGS), batch);
    }
}
