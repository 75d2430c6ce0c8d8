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
 * are segment-codec values. Writes and deletes collect in a bounded write-back cache, so a hot key's many updates
 * between two checkpoints cost one RocksDB write; the cache is flushed in one batch when it fills and before any
 * scan or export.
 */
public final class RocksDbStateStore implements StateStore {
    private static final byte EXTENT = 'e';
    private static final byte SLOT = 's';
    private static final int DIRTY_LIMIT = 65_536;
    private static final Object DELETED = new Object();
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
    private final java.util.HashMap<Entry, Object> dirty = new java.util.HashMap<>();
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

    /** A cached entry: an extent or a slot of a group. */
    private record Entry(byte kind, int index, Object group, long key) {
    }

    private Object cached(final Entry entry) {
        final Object value = dirty.get(entry);
        if (value != null) {
            return value == DELETED ? null : value;
        }
        final byte[] bytes = get(key(entry.group, entry.kind, entry.index, entry.key));
        return bytes == null ? null : decode(bytes);
    }

    private void write(final Entry entry, final Object value) {
        dirty.put(entry, value);
        if (dirty.size() >= DIRTY_LIMIT) {
            flush();
        }
    }

    /** Writes the cache to RocksDB in one batch. */
    public void flush() {
        if (dirty.isEmpty()) {
            return;
        }
        try (org.rocksdb.WriteBatch batch = new org.rocksdb.WriteBatch()) {
            for (final java.util.Map.Entry<Entry, Object> e : dirty.entrySet()) {
                final Entry k = e.getKey();
                final byte[] key = key(k.group, k.kind, k.index, k.key);
                if (e.getValue() == DELETED) {
                    batch.delete(key);
                } else {
                    batch.put(key, value(e.getValue()));
                }
            }
            db.write(writes, batch);
        } catch (final RocksDBException e) {
            throw new IllegalStateException("RocksDB write failed in " + dir + ": " + e.getMessage(), e);
        }
        dirty.clear();
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

    @Override
    public Object extent(final int window, final Object group, final long key) {
        return cached(new Entry(EXTENT, window, group, key));
    }

    @Override
    public void putExtent(final int window, final Object group, final long key, final Object state) {
        write(new Entry(EXTENT, window, group, key), state);
    }

    @Override
    public void removeExtent(final int window, final Object group, final long key) {
        write(new Entry(EXTENT, window, group, key), DELETED);
    }

    @Override
    public void extents(final int window, final Object group, final ExtentVisitor visitor) {
        flush();
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
        return cached(new Entry(SLOT, slot, group, 0));
    }

    @Override
    public void putSlot(final int slot, final Object group, final Object value) {
        write(new Entry(SLOT, slot, group, 0), value);
    }

    @Override
    public void groups(final Consumer<Object> visitor) {
        final java.util.List<Object> all = new java.util.ArrayList<>();
        scan(all::add, null);
        all.forEach(visitor);
    }

    @Override
    public void export(final StoreSnapshot.Sink sink) {
        scan(sink::group, sink);
    }

    /**
     * Walks the database in key order, telling each group as it starts; with a sink, decodes and tells every extent
     * and slot too (without one, values are never decoded: listing groups reads keys only).
     */
    private void scan(final Consumer<Object> groups, final StoreSnapshot.Sink sink) {
        flush();
        byte[] current = null;
        try (RocksIterator it = db.newIterator()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                final byte[] k = it.key();
                final UnsafeBuffer key = new UnsafeBuffer(k);
                final int length = key.getInt(0, java.nio.ByteOrder.BIG_ENDIAN);
                if (current == null || current.length != length || !Arrays.equals(k, 4, 4 + length, current, 0,
                    length)) {
                    current = Arrays.copyOfRange(k, 4, 4 + length);
                    groups.accept(CODEC.decodeValue(key, 4, length, consumed));
                }
                if (sink == null) {
                    continue;
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
        dirty.clear();
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
