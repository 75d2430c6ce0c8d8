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

    /**
     * Segments with the keys of the one before travel as values alone: frames of random mixes of shapes and map kinds
     * (immutable, HashMap, decoded array maps, over 12 keys) come back equal, and smaller than whole segments.
     */
    @Test
    void segmentsOfOneShapeTravelAsTheirValues() {
        final java.util.Random random = new java.util.Random(5);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        for (int round = 0; round < 400; round++) {
            final List<Map<String, Object>> segments = new java.util.ArrayList<>();
            for (int i = random.nextInt(20); i > 0; i--) {
                final Map<String, Object> segment = new java.util.LinkedHashMap<>();
                final int keys = random.nextInt(4) == 0 ? 14 : 1 + random.nextInt(3);
                for (int k = 0; k < keys; k++) {
                    segment.put(random.nextBoolean() ? "k" + k : "key" + (keys - k), (long) random.nextInt(9));
                }
                if (random.nextInt(3) == 0) {
                    segment.put("nested", Map.of("a", List.of(1L, "x")));
                }
                segments.add(switch (random.nextInt(3)) {
                    case 0 -> segment;
                    case 1 -> new java.util.HashMap<>(segment);
                    // A segment decoded here before: an array map sharing its keys with its frame.
                    default -> codec.decode(buffer, 0, codec.encode(new Frame(FrameType.SEGMENTS, 1, 1, 1, 0, 0,
                        List.of(segment, segment)), buffer, 0)).segments().get(1);
                });
            }
            final Frame frame = new Frame(FrameType.SEGMENTS, 1, 1, 1, 0, 0, List.copyOf(segments));
            final Frame back = codec.decode(buffer, 0, codec.encode(frame, buffer, 0));
            assertThat(back).isEqualTo(frame);
            // A decoded map that shares its keys can still be changed on its own.
            for (final Map<String, Object> segment : back.segments()) {
                final Map<String, Object> copy = new java.util.HashMap<>(segment);
                segment.put("added", 1L);
                segment.remove("k0");
                copy.put("added", 1L);
                copy.remove("k0");
                assertThat(segment).isEqualTo(copy);
            }
            assertThat(codec.decode(buffer, 0, codec.encode(frame, buffer, 0))).isEqualTo(frame);
        }
        final Map<String, Object> one = Map.of("n", 1L, "data", new byte[0], "t0", 2L);
        final int whole = codec.encode(new Frame(FrameType.SEGMENTS, 1, 1, 1, 0, 0, List.of(one)), buffer, 0);
        final int twice = codec.encode(new Frame(FrameType.SEGMENTS, 1, 1, 1, 0, 0, List.of(one, one)), buffer, 0);
        // The second segment: a tag and three values (9 + 5 + 9 bytes), no keys, no count.
        assertThat(twice - whole).isEqualTo(1 + 9 + 5 + 9);
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
        // A segment of values alone must follow a whole one in its message.
        final int shaped = codec.encode(new Frame(FrameType.SEGMENTS, 1, 1, 1, 0, 0, List.of(Map.of("n", 1L),
            Map.of("n", 2L))), buffer, 0);
        final int second = FrameCodec.HEADER_BYTES + 1 + 4 + 4 + 1 + 1 + 8;
        assertThat(buffer.getByte(second)).isEqualTo((byte) 10);
        buffer.putInt(32, 1);
        buffer.putBytes(FrameCodec.HEADER_BYTES, buffer, second, shaped - second);
        assertThatThrownBy(() -> codec.decode(buffer, 0, shaped - second + FrameCodec.HEADER_BYTES))
            .isInstanceOf(CodecException.class).hasMessageContaining("values alone with no whole segment before it");
        buffer.putByte(0, (byte) 99);
        assertThatThrownBy(() -> codec.decode(buffer, 0, length)).isInstanceOf(CodecException.class)
            .hasMessageContaining("unknown frame type 99");
    }
}
