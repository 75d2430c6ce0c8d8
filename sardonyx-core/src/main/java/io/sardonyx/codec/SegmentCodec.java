package io.sardonyx.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes and decodes segments ({@code Map<String, Object>} of null, Boolean, Integer, Long, Double, String,
 * byte[], List and Map) as tagged little-endian binary. Stateless; safe from any thread.
 *
 * <p>Layout: one tag byte per value; Integer 4 bytes, Long and Double 8; String and byte[] an int length then the
 * bytes (UTF-8 for strings); List an int count then the items; Map an int count then key (length + UTF-8) and
 * value pairs. Decoding checks every length and count against the bytes that remain and the {@link CodecLimits}
 * before allocating, and names what is wrong.
 *
 * <p>Segments of one message mostly have the same keys: with a {@link SegmentShape}, a segment whose keys are those
 * of the message's last whole segment (in the same order, at most {@link SegmentMap#MAX_KEYS}) is written as a
 * SHAPED tag and its values alone, and decoded into a map that shares the keys of the one before.
 */
public final class SegmentCodec {
    static final byte NULL = 0;
    static final byte FALSE = 1;
    static final byte TRUE = 2;
    static final byte INT = 3;
    static final byte LONG = 4;
    static final byte DOUBLE = 5;
    static final byte STRING = 6;
    static final byte BYTES = 7;
    static final byte LIST = 8;
    static final byte MAP = 9;
    /** A top-level segment with the keys of the message's last whole one, in the same order: its values follow. */
    static final byte SHAPED = 10;

    private final CodecLimits limits;
    /**
     * Keys decoded recently, by a hash of their bytes: segments repeat the same few keys, so decoding them need not
     * make a new String (nor hash it again) each time. Racy by design: a slot holds null or a whole String.
     */
    private final CachedKey[] keys = new CachedKey[KEY_CACHE];
    /** Keys encoded recently, by their hash (racy the same way). */
    private final EncodedKey[] encodedKeys = new EncodedKey[KEY_CACHE];
    private static final int KEY_CACHE = 512;
    private static final int KEY_CACHED_BYTES = 32;

    public SegmentCodec(final CodecLimits limits) {
        this.limits = limits;
    }

    public CodecLimits limits() {
        return limits;
    }

    /**
     * Writes the segment at the offset; the buffer must be able to grow (an expandable buffer) or be large enough.
     *
     * @return the number of bytes written
     * @throws CodecException naming the key of a value that has no wire form, or when the segment is larger than
     *                        the limit
     */
    public int encode(final Map<String, Object> segment, final MutableDirectBuffer buffer, final int offset) {
        return encode(segment, buffer, offset, null);
    }

    /**
     * Writes the segment at the offset, as values alone when its keys are the shape's.
     *
     * @param shape the keys of the message's last whole segment (updated), or null
     * @return the number of bytes written
     */
    public int encode(final Map<String, Object> segment, final MutableDirectBuffer buffer, final int offset,
                      final SegmentShape shape) {
        int end = shape != null && shape.size() == segment.size() ? writeShaped(segment, buffer, offset, shape) : -1;
        if (end < 0) {
            end = writeMap(segment, buffer, offset, 0);
            if (shape != null) {
                shape.record(segment, false);
            }
        }
        final int length = end - offset;
        if (length > limits.maxSegmentBytes()) {
            throw new CodecException("segment of " + length + " bytes is over the maximum of "
                + limits.maxSegmentBytes() + " bytes (sardonyx.messaging/max-segment-bytes)");
        }
        return length;
    }

    /**
     * Reads one segment written by {@link #encode}.
     *
     * @param length bytes available from the offset
     * @return the segment and how many bytes it took
     * @throws CodecException when the bytes are truncated, malformed or over a limit
     */
    public Map<String, Object> decode(final DirectBuffer buffer, final int offset, final int length,
                                      final int[] consumed) {
        return decode(buffer, offset, length, consumed, null);
    }

    /**
     * Reads one segment written by {@link #encode(Map, MutableDirectBuffer, int, SegmentShape)} with a shape.
     *
     * @param shape the keys of the message's last whole segment (updated), or null when the writer had none
     */
    public Map<String, Object> decode(final DirectBuffer buffer, final int offset, final int length,
                                      final int[] consumed, final SegmentShape shape) {
        final Reader reader = new Reader(buffer, offset, offset + Math.min(length, limits.maxSegmentBytes()));
        final byte tag = reader.tag();
        final Map<String, Object> segment;
        if (tag == MAP) {
            segment = reader.map(1);
            if (shape != null) {
                shape.record(segment, true);
            }
        } else if (tag == SHAPED && shape != null && shape.size() >= 0) {
            segment = reader.shaped(shape);
        } else {
            throw new CodecException(tag == SHAPED ? "a segment of values alone with no whole segment before it"
                : "a segment must start with a map tag");
        }
        consumed[0] = reader.position - offset;
        return segment;
    }

    /** The segment as a SHAPED tag and its values, or -1 (nothing meant) when its keys are not the shape's. */
    private int writeShaped(final Map<String, Object> segment, final MutableDirectBuffer buffer, final int at,
                            final SegmentShape shape) {
        buffer.putByte(at, SHAPED);
        int pos = at + 1;
        final String[] keys = shape.keys();
        if (segment instanceof SegmentMap small) {
            for (int i = 0; i < keys.length; i++) {
                final String key = small.keyAt(i);
                if (key != keys[i] && !key.equals(keys[i])) {
                    return -1;
                }
                pos = writeValue(key, small.valueAt(i), buffer, pos, 1);
            }
            return pos;
        }
        int i = 0;
        for (final Map.Entry<?, ?> entry : segment.entrySet()) {
            final Object key = entry.getKey();
            if (key != keys[i] && (key == null || !key.equals(keys[i]))) {
                return -1;
            }
            pos = writeValue(keys[i], entry.getValue(), buffer, pos, 1);
            i++;
        }
        return pos;
    }

    /**
     * Writes one value of any wire type (a state, a group key) at the offset.
     *
     * @param what names the value in an error
     * @return the position after it
     * @throws CodecException when the value has no wire form
     */
    public int encodeValue(final String what, final Object value, final MutableDirectBuffer buffer, final int offset) {
        return writeValue(what, value, buffer, offset, 0);
    }

    /**
     * Reads one value written by {@link #encodeValue}.
     *
     * @param consumed receives the number of bytes it took
     * @throws CodecException when the bytes are truncated, malformed or over a limit
     */
    public Object decodeValue(final DirectBuffer buffer, final int offset, final int length, final int[] consumed) {
        final Reader reader = new Reader(buffer, offset, offset + length);
        final Object value = reader.value(0);
        consumed[0] = reader.position - offset;
        return value;
    }

    private int writeMap(final Map<?, ?> map, final MutableDirectBuffer buffer, final int at, final int depth) {
        checkDepth(depth);
        int pos = at;
        buffer.putByte(pos++, MAP);
        buffer.putInt(pos, map.size());
        pos += Integer.BYTES;
        if (map instanceof SegmentMap small) {
            for (int i = 0; i < small.size(); i++) {
                pos = writeKey(small.keyAt(i), buffer, pos);
                pos = writeValue(small.keyAt(i), small.valueAt(i), buffer, pos, depth + 1);
            }
            return pos;
        }
        for (final Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new CodecException("segment keys must be strings, got " + describe(entry.getKey()));
            }
            pos = writeKey(key, buffer, pos);
            pos = writeValue(key, entry.getValue(), buffer, pos, depth + 1);
        }
        return pos;
    }

    /**
     * Writes a key as {@code putStringUtf8} would (length, UTF-8 bytes), from a cache of the bytes of keys written
     * before: segments repeat the same few keys, and encoding each anew allocates.
     */
    private int writeKey(final String key, final MutableDirectBuffer buffer, final int at) {
        final int slot = key.hashCode() & (KEY_CACHE - 1);
        EncodedKey cached = encodedKeys[slot];
        if (cached == null || cached.key != key && !cached.key.equals(key)) {
            if (key.length() > KEY_CACHED_BYTES) {
                return at + buffer.putStringUtf8(at, key);
            }
            cached = new EncodedKey(key, key.getBytes(StandardCharsets.UTF_8));
            encodedKeys[slot] = cached;
        }
        buffer.putInt(at, cached.utf8.length);
        buffer.putBytes(at + Integer.BYTES, cached.utf8);
        return at + Integer.BYTES + cached.utf8.length;
    }

    /** A key and its UTF-8 bytes. */
    private record EncodedKey(String key, byte[] utf8) {
    }

    private int writeValue(final String key, final Object value, final MutableDirectBuffer buffer, final int at,
                           final int depth) {
        int pos = at;
        if (value == null) {
            buffer.putByte(pos++, NULL);
        } else if (value instanceof String s) {
            buffer.putByte(pos++, STRING);
            pos += buffer.putStringUtf8(pos, s);
        } else if (value instanceof Long l) {
            buffer.putByte(pos++, LONG);
            buffer.putLong(pos, l);
            pos += Long.BYTES;
        } else if (value instanceof Integer i) {
            buffer.putByte(pos++, INT);
            buffer.putInt(pos, i);
            pos += Integer.BYTES;
        } else if (value instanceof Double d) {
            buffer.putByte(pos++, DOUBLE);
            buffer.putDouble(pos, d);
            pos += Double.BYTES;
        } else if (value instanceof Boolean b) {
            buffer.putByte(pos++, b ? TRUE : FALSE);
        } else if (value instanceof byte[] bytes) {
            buffer.putByte(pos++, BYTES);
            buffer.putInt(pos, bytes.length);
            buffer.putBytes(pos + Integer.BYTES, bytes);
            pos += Integer.BYTES + bytes.length;
        } else if (value instanceof Map<?, ?> map) {
            pos = writeMap(map, buffer, pos, depth);
        } else if (value instanceof List<?> list) {
            checkDepth(depth);
            buffer.putByte(pos++, LIST);
            buffer.putInt(pos, list.size());
            pos += Integer.BYTES;
            for (final Object item : list) {
                pos = writeValue(key, item, buffer, pos, depth + 1);
            }
        } else {
            throw new CodecException("the value of \"" + key + "\" is a " + value.getClass().getName()
                + "; segments hold only null, Boolean, Integer, Long, Double, String, byte[], List and Map");
        }
        return pos;
    }

    private void checkDepth(final int depth) {
        if (depth >= limits.maxDepth()) {
            throw new CodecException("segment nests deeper than " + limits.maxDepth() + " levels");
        }
    }

    private static String describe(final Object value) {
        return value == null ? "null" : value.getClass().getName();
    }

    /** One decode pass; every read is checked against the end. */
    private final class Reader {
        private final DirectBuffer buffer;
        private final int end;
        private int position;

        Reader(final DirectBuffer buffer, final int start, final int end) {
            this.buffer = buffer;
            this.position = start;
            this.end = end;
        }

        private void need(final int bytes, final String what) {
            if (bytes < 0 || end - position < bytes) {
                throw new CodecException("truncated segment: " + what + " needs " + bytes + " bytes, "
                    + Math.max(0, end - position) + " remain");
            }
        }

        byte tag() {
            need(1, "a tag");
            return buffer.getByte(position++);
        }

        int count(final String what) {
            need(Integer.BYTES, what);
            final int n = buffer.getInt(position);
            position += Integer.BYTES;
            if (n < 0 || n > limits.maxElements()) {
                throw new CodecException(what + " of " + n + " is outside 0.." + limits.maxElements());
            }
            return n;
        }

        /** A byte length: bounded by the largest segment (and by what remains), not by the element limit. */
        int length(final String what) {
            need(Integer.BYTES, what);
            final int n = buffer.getInt(position);
            position += Integer.BYTES;
            if (n < 0 || n > limits.maxSegmentBytes()) {
                throw new CodecException(what + " of " + n + " is outside 0.." + limits.maxSegmentBytes());
            }
            return n;
        }

        String string() {
            final int n = length("a string length");
            need(n, "a string");
            final String s = buffer.getStringWithoutLengthUtf8(position, n);
            position += n;
            return s;
        }

        /**
         * A map key: the cached String when the same key (of at most {@value #KEY_CACHED_BYTES} bytes) was decoded
         * before, found by a hash of its bytes read eight at a time and confirmed by comparing them the same way.
         */
        String key() {
            final int n = length("a key length");
            need(n, "a key");
            if (n > KEY_CACHED_BYTES) {
                final String s = buffer.getStringWithoutLengthUtf8(position, n);
                position += n;
                return s;
            }
            long hash = n;
            int i = 0;
            for (; i + Long.BYTES <= n; i += Long.BYTES) {
                hash = hash * 0x9E3779B97F4A7C15L + buffer.getLong(position + i);
            }
            for (; i < n; i++) {
                hash = hash * 31 + buffer.getByte(position + i);
            }
            final int slot = (int) (hash ^ (hash >>> 29) ^ (hash >>> 47)) & (KEY_CACHE - 1);
            final CachedKey cached = keys[slot];
            if (cached != null && cached.hash == hash && cached.matches(buffer, position, n)) {
                position += n;
                return cached.key;
            }
            // Interned: a function's literal keys are then the same objects, and found by identity.
            final String s = buffer.getStringWithoutLengthUtf8(position, n).intern();
            keys[slot] = new CachedKey(s, hash, buffer, position, n);
            position += n;
            return s;
        }

        Map<String, Object> map(final int depth) {
            if (depth > limits.maxDepth()) {
                throw new CodecException("segment nests deeper than " + limits.maxDepth() + " levels");
            }
            final int n = count("a map size");
            // Every entry takes at least 6 bytes (key length, tag, one byte): refuse counts the bytes cannot hold.
            if (end - position < n * 5) {
                need(n * 5, "a map of " + n + " entries");
            }
            // Capacity grows with what is read, never with what a count claims (nested claims would multiply).
            if (n <= SegmentMap.MAX_KEYS) {
                final SegmentMap small = new SegmentMap(n);
                for (int i = 0; i < n; i++) {
                    final String key = key();
                    small.append(key, value(depth));
                }
                return small;
            }
            final Map<String, Object> map = new HashMap<>(Math.min(64, (int) (n / 0.75f) + 1));
            for (int i = 0; i < n; i++) {
                final String key = key();
                map.put(key, value(depth));
            }
            return map;
        }

        /** A top-level segment's values, under the keys of the shape. */
        Map<String, Object> shaped(final SegmentShape shape) {
            final int n = shape.size();
            if (end - position < n) {
                need(n, "the values of a segment of " + n + " keys");
            }
            final Object[] values = new Object[Math.max(1, n)];
            for (int i = 0; i < n; i++) {
                values[i] = value(1);
            }
            return SegmentMap.sharing(shape.keys(), values, n);
        }

        Object value(final int depth) {
            final byte tag = tag();
            switch (tag) {
                case NULL:
                    return null;
                case FALSE:
                    return Boolean.FALSE;
                case TRUE:
                    return Boolean.TRUE;
                case INT:
                    need(Integer.BYTES, "an int");
                    position += Integer.BYTES;
                    return buffer.getInt(position - Integer.BYTES);
                case LONG:
                    need(Long.BYTES, "a long");
                    position += Long.BYTES;
                    return buffer.getLong(position - Long.BYTES);
                case DOUBLE:
                    need(Double.BYTES, "a double");
                    position += Double.BYTES;
                    return buffer.getDouble(position - Double.BYTES);
                case STRING:
                    return string();
                case BYTES: {
                    final int n = length("a byte array length");
                    need(n, "a byte array");
                    final byte[] bytes = new byte[n];
                    buffer.getBytes(position, bytes);
                    position += n;
                    return bytes;
                }
                case LIST: {
                    if (depth + 1 > limits.maxDepth()) {
                        throw new CodecException("segment nests deeper than " + limits.maxDepth() + " levels");
                    }
                    final int n = count("a list size");
                    if (end - position < n) {
                        need(n, "a list of " + n + " items");
                    }
                    final List<Object> list = new ArrayList<>(Math.min(n, 64));
                    for (int i = 0; i < n; i++) {
                        list.add(value(depth + 1));
                    }
                    return list;
                }
                case MAP:
                    return map(depth + 1);
                default:
                    throw new CodecException("unknown value tag " + tag + " at byte " + (position - 1));
            }
        }
    }

    /** A decoded key with its bytes, as words and a tail, for comparing against the next occurrence. */
    private static final class CachedKey {
        final String key;
        final long hash;
        private final long[] words;
        private final byte[] tail;

        CachedKey(final String key, final long hash, final DirectBuffer buffer, final int at, final int n) {
            this.key = key;
            this.hash = hash;
            words = new long[n / Long.BYTES];
            for (int w = 0; w < words.length; w++) {
                words[w] = buffer.getLong(at + w * Long.BYTES);
            }
            tail = new byte[n - words.length * Long.BYTES];
            buffer.getBytes(at + words.length * Long.BYTES, tail);
        }

        boolean matches(final DirectBuffer buffer, final int at, final int n) {
            if (n != words.length * Long.BYTES + tail.length) {
                return false;
            }
            for (int w = 0; w < words.length; w++) {
                if (buffer.getLong(at + w * Long.BYTES) != words[w]) {
                    return false;
                }
            }
            final int from = at + words.length * Long.BYTES;
            for (int t = 0; t < tail.length; t++) {
                if (buffer.getByte(from + t) != tail[t]) {
                    return false;
                }
            }
            return true;
        }
    }
}
