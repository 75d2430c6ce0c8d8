package io.sardonyx.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sardonyx.codec.CodecException;
import io.sardonyx.codec.CodecLimits;
import io.sardonyx.codec.SegmentCodec;
import java.util.List;
import java.util.Map;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
    private final FrameCodec codec = new FrameCodec(new SegmentCodec(CodecLimits.DEFAULT));

    @Test
    void framesRoundTrip() {
        final Frame frame = new Frame(FrameType.SEGMENTS, 0x1234_5678_9abcL, 42, Frame.source(3, 7), 9,
            Frame.COMPLETED, List.of(Map.of("n", 1L), Map.of("n", 2L, "s", "x")));
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = codec.encode(frame, buffer, 5);
        final Frame back = codec.decode(buffer, 5, length);
        assertThat(back).isEqualTo(frame);
        assertThat(Frame.taskIndexOf(back.source())).isEqualTo(3);
        assertThat(Frame.slotOf(back.source())).isEqualTo(7);
        assertThat(FrameCodec.version(buffer, 5)).isEqualTo(42);
        final Frame barrier = Frame.control(FrameType.BARRIER, 1, 2, 3, 4, 0);
        assertThat(codec.decode(buffer, 0, codec.encode(barrier, buffer, 0))).isEqualTo(barrier);
    }

    @Test
    void malformedFramesAreRefused() {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        assertThatThrownBy(() -> codec.decode(buffer, 0, 10)).isInstanceOf(CodecException.class)
            .hasMessageContaining("shorter than its 48-byte header");
        final int length = codec.encode(Frame.control(FrameType.STATUS, 1, 2, 3, 4, 0), buffer, 0);
        buffer.putInt(32, 1_000_000);
        assertThatThrownBy(() -> codec.decode(buffer, 0, length)).isInstanceOf(CodecException.class)
            .hasMessageContaining("cannot hold 1000000 segments");
        buffer.putByte(0, (byte) 99);
        assertThatThrownBy(() -> codec.decode(buffer, 0, length)).isInstanceOf(CodecException.class)
            .hasMessageContaining("unknown frame type 99");
    }
}
