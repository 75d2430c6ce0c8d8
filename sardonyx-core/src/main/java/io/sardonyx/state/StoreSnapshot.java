package io.sardonyx.state;

import io.sardonyx.codec.CodecException;
import io.sardonyx.codec.CodecLimits;
import io.sardonyx.codec.SegmentCodec;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The one format both stores export to and restore from: a magic number and version, then records, each a kind
 * byte: a group (its value), an extent of that group (window, key, state), a slot of that group (slot, value);
 * and an end record. Values are in the segment codec's tagged form. Decoding checks every bound.
 */
public final class StoreSnapshot {
    private static final int MAGIC = 0x53585753;
    private static final byte VERSION = 1;
    private static final byte END = 0;
    private static final byte GROUP = 1;
    private static final byte EXTENT = 2;
    private static final byte SLOT = 3;
    private static final SegmentCodec CODEC = new SegmentCodec(new CodecLimits(Integer.MAX_VALUE - 64, 64, 1 << 24));

    private StoreSnapshot() {
    }

    /** What a store exports into. */
    public interface Sink {
        /** Starts a group; the extents and slots that follow are its own. */
        void group(Object group);

        void extent(int window, long key, Object state);

        void slot(int slot, Object value);
    }

    /** The snapshot of a store. */
    public static byte[] write(final StateStore store) {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer((int) Math.min(Integer.MAX_VALUE - 64,
            Math.max(4096L, store.sizeHint())));
        final int[] at = {0};
        buffer.putInt(0, MAGIC);
        buffer.putByte(4, VERSION);
        at[0] = 5;
        store.export(new Sink() {
            @Override
            public void group(final Object group) {
                buffer.putByte(at[0]++, GROUP);
                at[0] = CODEC.encodeValue("a group key", group, buffer, at[0]);
            }

            @Override
            public void extent(final int window, final long key, final Object state) {
                buffer.putByte(at[0]++, EXTENT);
                buffer.putShort(at[0], (short) window);
                buffer.putLong(at[0] + 2, key);
                at[0] = CODEC.encodeValue("an extent's state", state, buffer, at[0] + 10);
            }

            @Override
            public void slot(final int slot, final Object value) {
                buffer.putByte(at[0]++, SLOT);
                buffer.putShort(at[0], (short) slot);
                at[0] = CODEC.encodeValue("a trigger's state", value, buffer, at[0] + 2);
            }
        });
        buffer.putByte(at[0]++, END);
        final byte[] out = new byte[at[0]];
        buffer.getBytes(0, out);
        return out;
    }

    /**
     * Puts what a snapshot holds into a store.
     *
     * @throws CodecException when the bytes are not a whole snapshot
     */
    public static void read(final byte[] bytes, final StateStore store) {
        read(bytes, store, group -> true);
    }

    /**
     * Puts the groups of a snapshot that {@code keep} accepts into a store (the others are decoded and skipped).
     *
     * @throws CodecException when the bytes are not a whole snapshot
     */
    public static void read(final byte[] bytes, final StateStore store,
                            final java.util.function.Predicate<Object> keep) {
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        if (bytes.length < 6 || buffer.getInt(0) != MAGIC || buffer.getByte(4) != VERSION) {
            throw new CodecException("not a window state snapshot (bad magic or version)");
        }
        final int[] consumed = new int[1];
        int at = 5;
        boolean inGroup = false;
        boolean kept = false;
        Object group = null;
        while (true) {
            need(bytes, at, 1);
            final byte kind = buffer.getByte(at++);
            switch (kind) {
                case END:
                    if (at != bytes.length) {
                        throw new CodecException("window state snapshot has " + (bytes.length - at)
                            + " bytes after its end");
                    }
                    return;
                case GROUP:
                    group = CODEC.decodeValue(buffer, at, bytes.length - at, consumed);
                    at += consumed[0];
                    inGroup = true;
                    kept = keep.test(group);
                    break;
                case EXTENT: {
                    need(bytes, at, 10);
                    requireGroup(inGroup);
                    final int window = buffer.getShort(at);
                    final long key = buffer.getLong(at + 2);
                    at += 10;
                    final Object state = CODEC.decodeValue(buffer, at, bytes.length - at, consumed);
                    at += consumed[0];
                    if (kept) {
                        store.putExtent(window, group, key, state);
                    }
                    break;
                }
                case SLOT: {
                    need(bytes, at, 2);
                    requireGroup(inGroup);
                    final int slot = buffer.getShort(at);
                    at += 2;
                    final Object value = CODEC.decodeValue(buffer, at, bytes.length - at, consumed);
                    at += consumed[0];
                    if (kept) {
                        store.putSlot(slot, group, value);
                    }
                    break;
                }
                default:
                    throw new CodecException("window state snapshot: unknown record kind " + kind + " at byte "
                        + (at - 1));
            }
        }
    }

    private static void need(final byte[] bytes, final int at, final int n) {
        if (bytes.length - at < n) {
            throw new CodecException("window state snapshot is truncated at byte " + at);
        }
    }

    private static void requireGroup(final boolean inGroup) {
        if (!inGroup) {
            throw new CodecException("window state snapshot: a record before any group");
        }
    }
}
