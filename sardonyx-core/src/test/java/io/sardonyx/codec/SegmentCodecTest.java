package io.sardonyx.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class SegmentCodecTest {
    private final SegmentCodec codec = new SegmentCodec(new CodecLimits(64 * 1024, 8, 1000));
    private final int[] consumed = new int[1];

    private Map<String, Object> roundTrip(final Map<String, Object> segment) {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(16);
        final int length = codec.encode(segment, buffer, 3);
        final Map<String, Object> back = codec.decode(buffer, 3, length, consumed);
        assertThat(consumed[0]).isEqualTo(length);
        return back;
    }

    @Test
    void everyValueTypeRoundTripsWithItsType() {
        final Map<String, Object> segment = new HashMap<>();
        segment.put("null", null);
        segment.put("true", true);
        segment.put("false", false);
        segment.put("int", 7);
        segment.put("long", -1L << 40);
        segment.put("double", 2.5);
        segment.put("string", "héllo ☃");
        segment.put("list", List.of(1L, "two", List.of(3.0)));
        segment.put("map", Map.of("a", Map.of("b", 1L)));
        final Map<String, Object> back = roundTrip(segment);
        assertThat(back).isEqualTo(segment);
        assertThat(back.get("int")).isInstanceOf(Integer.class);
        assertThat(back.get("long")).isInstanceOf(Long.class);
        final Map<String, Object> bytes = roundTrip(Map.of("b", new byte[] {1, 2, 3}));
        assertThat((byte[]) bytes.get("b")).containsExactly(1, 2, 3);
    }

    @Test
    void randomSegmentsRoundTrip() {
        final Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            final Map<String, Object> segment = randomMap(random, 0);
            assertThat(roundTrip(segment)).isEqualTo(segment);
        }
    }

    private static Map<String, Object> randomMap(final Random random, final int depth) {
        final Map<String, Object> map = new HashMap<>();
        final int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            map.put("k" + random.nextInt(100), randomValue(random, depth + 1));
        }
        return map;
    }

    private static Object randomValue(final Random random, final int depth) {
        final int kind = random.nextInt(depth > 4 ? 6 : 8);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextLong();
            case 3 -> random.nextDouble();
            case 4 -> Long.toString(random.nextLong(), 36);
            case 5 -> random.nextInt();
            case 6 -> {
                final List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
            default -> randomMap(random, depth);
        };
    }

    @Test
    void refusesValuesWithoutAWireFormNamingTheKey() {
        assertThatThrownBy(() -> roundTrip(Map.of("when", new java.util.Date())))
            .isInstanceOf(CodecException.class).hasMessageContaining("\"when\"").hasMessageContaining("java.util.Date");
    }

    @Test
    void refusesSegmentsOverTheSizeLimit() {
        assertThatThrownBy(() -> roundTrip(Map.of("big", "x".repeat(70_000))))
            .isInstanceOf(CodecException.class).hasMessageContaining("over the maximum of 65536 bytes");
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        Object value = 1L;
        for (int i = 0; i < 10; i++) {
            value = List.of(value);
        }
        final Object deep = value;
        assertThatThrownBy(() -> roundTrip(Map.of("deep", deep))).isInstanceOf(CodecException.class)
            .hasMessageContaining("deeper than 8");
    }

    @Test
    void everyTruncationIsDetectedNeverMisread() {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(16);
        final int length = codec.encode(Map.of("s", "text", "l", List.of(1L, 2L), "m", Map.of("x", 1.5)), buffer, 0);
        for (int cut = 0; cut < length; cut++) {
            final int at = cut;
            assertThatThrownBy(() -> codec.decode(buffer, 0, at, consumed)).as("cut at " + at)
                .isInstanceOf(CodecException.class);
        }
    }

    @Test
    void hostileCountsAndLengthsAreRefusedBeforeAllocating() {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[32]);
        buffer.putByte(0, SegmentCodec.MAP);
        buffer.putInt(1, Integer.MAX_VALUE);
        assertThatThrownBy(() -> codec.decode(buffer, 0, 32, consumed)).isInstanceOf(CodecException.class)
            .hasMessageContaining("map size");
        buffer.putInt(1, 1);
        buffer.putInt(5, 1);
        buffer.putByte(9, (byte) 'k');
        buffer.putByte(10, SegmentCodec.STRING);
        buffer.putInt(11, 1 << 30);
        assertThatThrownBy(() -> codec.decode(buffer, 0, 32, consumed)).isInstanceOf(CodecException.class);
        buffer.putByte(10, (byte) 42);
        assertThatThrownBy(() -> codec.decode(buffer, 0, 32, consumed)).isInstanceOf(CodecException.class)
            .hasMessageContaining("unknown value tag 42");
    }

    @Test
    void randomBytesNeverCrashTheDecoderWithAnythingButACodecException() {
        final Random random = new Random(7);
        final byte[] bytes = new byte[64];
        for (int i = 0; i < 20_000; i++) {
            random.nextBytes(bytes);
            bytes[0] = SegmentCodec.MAP;
            try {
                codec.decode(new UnsafeBuffer(bytes), 0, bytes.length, consumed);
            } catch (final CodecException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }
}
