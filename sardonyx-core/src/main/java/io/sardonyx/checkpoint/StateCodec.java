package io.sardonyx.checkpoint;

import io.sardonyx.codec.CodecException;
import io.sardonyx.codec.CodecLimits;
import io.sardonyx.codec.SegmentCodec;
import java.util.HashMap;
import java.util.Map;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Task state (JSON-like values: what plugins' {@code checkpoint()} return) as bytes, in the segment codec's tagged
 * form, decoded with bounds. Pure; safe from any thread.
 */
public final class StateCodec {
    private static final SegmentCodec CODEC = new SegmentCodec(new CodecLimits(Integer.MAX_VALUE - 64, 64, 1 << 24));

    private StateCodec() {
    }

    /**
     * @throws CodecException naming the value that has no wire form
     */
    public static byte[] encode(final Object state) {
        // Sized for the byte arrays the state holds (a window store's snapshot: tens of megabytes), not grown to them.
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer((int) Math.min(Integer.MAX_VALUE - 64,
            256L + bytesIn(state, 0)));
        final Map<String, Object> wrapper = new HashMap<>(2);
        wrapper.put("state", state);
        final int length = CODEC.encode(wrapper, buffer, 0);
        final byte[] out = new byte[length];
        buffer.getBytes(0, out);
        return out;
    }

    /** The bytes of the byte arrays in a state, a few levels deep (the rest is small beside them). */
    private static long bytesIn(final Object value, final int depth) {
        if (value instanceof byte[] bytes) {
            return bytes.length + 8L;
        }
        if (depth >= 3) {
            return 0;
        }
        long sum = 0;
        if (value instanceof Map<?, ?> map && map.size() <= 16) {
            for (final Object v : map.values()) {
                sum += bytesIn(v, depth + 1);
            }
        }
        return sum;
    }

    /**
     * @throws CodecException when the bytes are not state this codec wrote
     */
    public static Object decode(final byte[] bytes) {
        final int[] consumed = new int[1];
        final Map<String, Object> wrapper = CODEC.decode(new UnsafeBuffer(bytes), 0, bytes.length, consumed);
        if (consumed[0] != bytes.length || !wrapper.containsKey("state")) {
            throw new CodecException("checkpoint state has " + (bytes.length - consumed[0])
                + " trailing bytes or no state entry");
        }
        return wrapper.get("state");
    }
}
