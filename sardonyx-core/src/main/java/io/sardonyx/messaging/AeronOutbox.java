package io.sardonyx.messaging;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.sardonyx.codec.CodecException;
import org.agrona.ExpandableArrayBuffer;

/**
 * One exclusive publication to one peer; a batch larger than one message goes out in several frame parts, each
 * with the route's next sequence number and, to another group when the tenancy has a secret, a {@link FrameMac}.
 */
final class AeronOutbox implements Outbox {
    private final ExclusivePublication publication;
    private final FrameCodec codec;
    private final String to;
    private final int streamId;
    private final FrameMac mac;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64 * 1024);
    private Frame pending;
    private long sequence;
    private int sent;
    private int encodedLength;
    private int encodedCount;

    /** @param mac signs each frame part, or null (inside a group, or without a tenancy secret) */
    AeronOutbox(final ExclusivePublication publication, final FrameCodec codec, final String to, final int streamId,
                final FrameMac mac) {
        this.publication = publication;
        this.codec = codec;
        this.to = to;
        this.streamId = streamId;
        this.mac = mac;
    }

    @Override
    public boolean offer(final Frame frame) {
        if (frame != pending) {
            pending = frame;
            sent = 0;
            encodedLength = -1;
        }
        final int total = frame.segments().size();
        do {
            if (encodedLength < 0) {
                encodePart(frame);
            }
            final long result = publication.offer(buffer, 0, encodedLength);
            if (result < 0) {
                if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
                    throw new IllegalStateException("the route to peer " + to + " is closed (" + result + ")");
                }
                return false;
            }
            sent += encodedCount;
            sequence++;
            encodedLength = -1;
        } while (sent < total);
        pending = null;
        return true;
    }

    /** Encodes as many of the remaining segments as fit in one message, then signs it. */
    private void encodePart(final Frame frame) {
        final int max = publication.maxMessageLength() - (mac == null ? 0 : FrameMac.BYTES);
        int pos = FrameCodec.HEADER_BYTES;
        int count = 0;
        final int total = frame.segments().size();
        codec.startSegments();
        while (sent + count < total) {
            final int length = codec.encodeSegment(frame.segments().get(sent + count), buffer, pos);
            if (pos + length > max) {
                if (count == 0) {
                    throw new CodecException("a segment of " + length + " bytes does not fit in one message ("
                        + (max - FrameCodec.HEADER_BYTES) + " bytes); raise the term buffer length");
                }
                break;
            }
            pos += length;
            count++;
        }
        FrameCodec.encodeHeader(buffer, 0, frame, count, sequence);
        encodedLength = mac == null ? pos : mac.sign(streamId, buffer, pos);
        encodedCount = count;
    }

    @Override
    public void close() {
        publication.close();
    }
}
