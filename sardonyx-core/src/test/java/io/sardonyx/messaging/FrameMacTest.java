package io.sardonyx.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.codec.CodecLimits;
import io.sardonyx.codec.SegmentCodec;
import io.sardonyx.codec.TenancySecret;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** A frame's MAC binds its bytes, its receiver's stream and the tenancy's secret. */
class FrameMacTest {
    private static final TenancySecret SECRET = TenancySecret.of("a tenancy secret of 32 bytes....".getBytes(
        StandardCharsets.US_ASCII));

    @Test
    void aSignedFrameVerifiesOnlyUnchangedOnItsStreamWithTheSameSecret() {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final FrameCodec codec = new FrameCodec(new SegmentCodec(new CodecLimits(1024, 64, 1 << 20)));
        final int length = codec.encode(new Frame(FrameType.SEGMENTS, 7, 3, Frame.source(1, 0), 2, 0,
            List.of(Map.of("n", 1L))), buffer, 0);
        final int signed = new FrameMac(SECRET).sign(42, buffer, length);
        assertThat(signed).isEqualTo(length + FrameMac.BYTES);

        // The receiver reads from a direct buffer, at an offset.
        final UnsafeBuffer received = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(512));
        received.putBytes(100, buffer, 0, signed);
        final FrameMac receiver = new FrameMac(SECRET);
        assertThat(receiver.verify(42, received, 100, signed)).isTrue();
        assertThat(receiver.verify(43, received, 100, signed)).as("another receiver's stream").isFalse();
        assertThat(new FrameMac(TenancySecret.of(new byte[32])).verify(42, received, 100, signed))
            .as("another secret").isFalse();
        assertThat(receiver.verify(42, received, 100, FrameCodec.HEADER_BYTES)).as("too short").isFalse();
        for (final int at : new int[] {0, 45, length - 1, signed - 1}) {
            received.putByte(100 + at, (byte) (received.getByte(100 + at) ^ 1));
            assertThat(receiver.verify(42, received, 100, signed)).as("byte " + at + " changed").isFalse();
            received.putByte(100 + at, (byte) (received.getByte(100 + at) ^ 1));
        }
        assertThat(receiver.verify(42, received, 100, signed)).isTrue();
    }
}
