package io.sardonyx.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/** Decoded keys come from a cache when seen before: every key still decodes to itself, whatever collides. */
class SegmentCodecKeyCacheTest {
    @Test
    void keysDecodeToThemselvesThroughTheCache() {
        final SegmentCodec codec = new SegmentCodec(CodecLimits.DEFAULT);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final Random random = new Random(5);
        final int[] consumed = new int[1];
        for (int run = 0; run < 20_000; run++) {
            final Map<String, Object> segment = new LinkedHashMap<>();
            for (int k = random.nextInt(6); k >= 0; k--) {
                final String key = switch (random.nextInt(4)) {
                    case 0 -> "k" + random.nextInt(2_000);
                    case 1 -> "ключ" + random.nextInt(50);
                    case 2 -> "a-long-key-that-is-longer-than-the-cached-limit-" + random.nextInt(10);
                    default -> String.valueOf((char) ('a' + random.nextInt(26)));
                };
                segment.put(key, (long) run);
            }
            final int length = codec.encode(segment, buffer, 0);
            assertThat(codec.decode(buffer, 0, length, consumed)).isEqualTo(segment);
        }
    }
}
