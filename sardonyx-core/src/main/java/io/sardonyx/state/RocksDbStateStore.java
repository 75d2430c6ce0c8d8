package io.sardonyx.state;

import io.sardonyx.codec.CodecLimits;
import io.sardonyx.codec.SegmentCodec;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Window state in a RocksDB database in a scratch directory of its own (deleted on close): state larger than the
 * heap. Nothing here needs to survive the process: checkpoints hold the state, so the write-ahead log is off.
 * Keys are {@code [group length][group][kind][index][extent key]}, group by group, extents in key order; values
 * are segment-codec values.
 */
public final class RocksDbStateStore implements StateStore {
    private static final byte EXTENT = 'e';
    private static final byte SLOT = 's';
    private static final SegmentCodec CODEC = new SegmentCodec(new CodecLimits(Integer.MAX_VALUE - 64, 64, 1 << 24));

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final Options options;
    private final WriteOptions writes;
    private RocksDB db;
    private final ExpandableArrayBuffer keyBuffer = new ExpandableArrayBuffer(64);
    private final ExpandableArrayBuffer valueBuffer = new ExpandableArrayBuffer(256);
    private final int[] consumed = new int[1];
    private Object lastGroup;
    private byte[] lastGroupBytes;

    /**
     * Opens a new database in a fresh directory under {@code parent}.
     *
     * @throws IllegalStateException naming the directory when RocksDB cannot open it
     */
    public RocksDbStateStore(final Path parent) {
        try {
            Files.createDirectories(parent);
            this.dir = Files.createTempDirectory(parent, "state-");
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot make a state directory under " + parent, e);
        }
        this.options = new Options().setCreateIfMissing(true);
        this.writes = new WriteOptions().setDisableWAL(true);
        open();
    }

    private void open() {
        try {
            db = RocksDB.open(options, dir.toString());
        } catch (final RocksDBException e) {
            throw new IllegalStateException("RocksDB cannot open the state directory " + dir + ": " + e.getMessage(),
                e);
        }
    }

    /** Where the database lives. */
    public Path directory() {
        return dir;
    }

    private byte[] groupBytes(final Object group) {
        if (lastGroupBytes != null && java.util.Objects.equals(lastGroup, group)) {
            return lastGroupBytes;
        }
        final int n = CODEC.encodeValue("a group key", group, valueBuffer, 0);
        final byte[] bytes = new byte[n];
        valueBuffer.getBytes(0, bytes);
        lastGroup = group;
        lastGroupBytes = bytes;
        return bytes;
    }

    private int prefix(final byte[] group, final byte kind, final int index) {
        keyBuffer.putInt(0, group.length, java.nio.ByteOrder.BIG_ENDIAN);
        keyBuffer.putBytes(4, group);
        keyBuffer.putByte(4 + group.length, kind);
        keyBuffer.putShort(5 + group.length, (short) index, java.nio.ByteOrder.BIG_ENDIAN);
        return 7 + group.length;
    }

    private byte[] key(final Object group, final byte kind, final int index, final long key) {
        final int at = prefix(groupBytes(group), kind, index);
        // Sign flipped, big-endian: byte order is numeric order.
        keyBuffer.putLong(at, key ^ Long.MIN_VALUE, java.nio.ByteOrder.BIG_ENDIAN);
        final byte[] out = new byte[at + 8];
        keyBuffer.getBytes(0, out);
        return out;
    }

    private byte[] value(final Object state) {
        final int n = CODEC.encodeValue("a window state", state, valueBuffer, 0);
        final byte[] out = new byte[n];
        valueBuffer.getBytes(0, out);
        return out;
    }

    private Object decode(final byte[] bytes) {
        return CODEC.decodeValue(new UnsafeBuffer(bytes), 0, bytes.length, consumed);
    }

    private byte[] get(final byte[] key) {
        try {
            return db.get(key);
        } catch (final RocksDBException e) {
            throw new IllegalStateException("RocksDB read failed in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void put(final byte[] key, final byte[] value) {
        try {
            db.put(writes, key, value);
        } catch (final RocksDBException e) {
            throw new IllegalStateException("RocksDB write failed in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void delete(final byte[] key) {
        try {
            db.delete(writes, key);
        } catch (final RocksDBException e) {
            throw new IllegalStateException("RocksDB delete failed in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Object extent(final int window, final Object group, final long key) {
        final byte[] bytes = get(key(group, EXTENT, window, key));
        return bytes == null ? null : decode(bytes);
    }

    @Override
    public void putExtent(final int window, final Object group, final long key, final Object state) {
        put(key(group, EXTENT, window, key), value(state));
    }

    @Override
    public void removeExtent(final int window, final Object group, final long key) {
        delete(key(group, EXTENT, window, key));
    }

    @Override
    public void extents(final int window, final Object group, final ExtentVisitor visitor) {
        final int n = prefix(groupBytes(group), EXTENT, window);
        final byte[] prefix = new byte[n];
        keyBuffer.getBytes(0, prefix);
        try (ReadOptions read = new ReadOptions(); RocksIterator it = db.newIterator(read)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                final byte[] k = it.key();
                if (k.length != n + 8 || !Arrays.equals(k, 0, n, prefix, 0, n)) {
                    return;
                }
                visitor.visit(new UnsafeBuffer(k).getLong(n, java.nio.ByteOrder.BIG_ENDIAN) ^ Long.MIN_VALUE,
                    decode(it.value()));
            }
        }
    }

    @Override
    public Object slot(final int slot, final Object group) {
        final byte[] bytes = get(key(group, SLOT, slot, 0));
        return bytes == null ? null : decode(bytes);
    }

    @Override
    public void putSlot(final int slot, final Object group, final Object value) {
        put(key(group, SLOT, slot, 0), value(value));
    }

    @Override
    public void groups(final Consumer<Object> visitor) {
        final java.util.List<Object> all = new java.util.ArrayList<>();
        export(new StoreSnapshot.Sink() {
            @Override
            public void group(final Object group) {
                all.add(group);
            }

            @Override
            public void extent(final int window, final long key, final Object state) {
            }

            @Override
            public void slot(final int slot, final Object value) {
            }
        });
        all.forEach(visitor);
    }

    @Override
    public void export(final StoreSnapshot.Sink sink) {
        byte[] current = null;
        try (RocksIterator it = db.newIterator()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                final byte[] k = it.key();
                final UnsafeBuffer key = new UnsafeBuffer(k);
                final int length = key.getInt(0, java.nio.ByteOrder.BIG_ENDIAN);
                if (current == null || current.length != length || !Arrays.equals(k, 4, 4 + length, current, 0,
                    length)) {
                    current = Arrays.copyOfRange(k, 4, 4 + length);
                    sink.group(CODEC.decodeValue(key, 4, length, consumed));
                }
                final byte kind = k[4 + length];
                final int index = key.getShort(5 + length, java.nio.ByteOrder.BIG_ENDIAN);
                if (kind == EXTENT) {
                    sink.extent(index, key.getLong(7 + length, java.nio.ByteOrder.BIG_ENDIAN) ^ Long.MIN_VALUE,
                        decode(it.value()));
                } else {
                    sink.slot(index, decode(it.value()));
                }
            }
        }
    }

    @Override
    public void clear() {
        db.close();
        try {
            RocksDB.destroyDB(dir.toString(), options);
        } catch (final RocksDBException e) {
            throw new IllegalStateException("RocksDB cannot clear " + dir + ": " + e.getMessage(), e);
        }
        lastGroup = null;
        lastGroupBytes = null;
        open();
    }

    @Override
    public void close() {
        if (db != null) {
            db.close();
            db = null;
        }
        writes.close();
        options.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot delete the state directory " + dir, e);
        }
    }
}
