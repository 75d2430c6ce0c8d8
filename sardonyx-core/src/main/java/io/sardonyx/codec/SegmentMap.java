package io.sardonyx.codec;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The map a segment with few keys travels in: keys and values side by side in two arrays, found by a short scan
 * (identity first: decoded keys are interned, so a function's literal keys match without comparing characters).
 * Built by appending and copied by copying two arrays, both several times cheaper than a HashMap's hashing, nodes
 * and table; {@link #with} is the copy-with-one-change a segment function makes (Onyx's {@code assoc}). A full
 * mutable {@link Map} (functions may change the segment they receive), not thread-safe, null keys refused; equal to
 * any map with the same entries.
 */
public final class SegmentMap extends AbstractMap<String, Object> {
    /** Maps with more keys than this are HashMaps (decoded, or copied by {@link #with}). */
    public static final int MAX_KEYS = 12;

    private String[] keys;
    private Object[] values;
    private int size;
    /**
     * The keys array may be another map's too (segments decoded in one frame share their keys): copied before this
     * map adds or removes a key. Values are always this map's own.
     */
    private boolean sharedKeys;

    /** An empty map with room for {@code capacity} entries before it grows. */
    public SegmentMap(final int capacity) {
        keys = new String[Math.max(1, capacity)];
        values = new Object[keys.length];
    }

    private SegmentMap(final String[] keys, final Object[] values, final int size) {
        this.keys = keys;
        this.values = values;
        this.size = size;
    }

    /** A map over keys it shares with other maps (never changed in place) and values of its own. */
    static SegmentMap sharing(final String[] keys, final Object[] values, final int size) {
        final SegmentMap map = new SegmentMap(keys, values, size);
        map.sharedKeys = true;
        return map;
    }

    /** This map's keys array, from now on shared (the decoder hands it to the next maps of the frame). */
    String[] shareKeys() {
        sharedKeys = true;
        return keys;
    }

    String keyAt(final int i) {
        return keys[i];
    }

    Object valueAt(final int i) {
        return values[i];
    }

    /**
     * A new map: the entries of {@code map} with {@code key} set to {@code value}; {@code map} is unchanged. A
     * SegmentMap is copied as two arrays; other maps are copied entry by entry (into a HashMap past
     * {@link #MAX_KEYS}).
     */
    public static Map<String, Object> with(final Map<String, Object> map, final String key, final Object value) {
        Objects.requireNonNull(key, "segment keys cannot be null");
        if (map instanceof SegmentMap small) {
            final int at = small.indexOf(key);
            final Object[] v = Arrays.copyOf(small.values, at < 0 ? small.size + 1 : small.size);
            if (at >= 0) {
                v[at] = value;
                // Same keys: a shared keys array stays shared; one of the argument's own is copied (it may change).
                return small.sharedKeys ? sharing(small.keys, v, small.size)
                    : new SegmentMap(Arrays.copyOf(small.keys, small.size), v, small.size);
            }
            final String[] k = Arrays.copyOf(small.keys, small.size + 1);
            k[small.size] = key;
            v[small.size] = value;
            return new SegmentMap(k, v, small.size + 1);
        }
        final Map<String, Object> copy = copyOf(map, map.size() + 1);
        copy.put(key, value);
        return copy;
    }

    /** A new map: the entries of {@code map} without {@code key}; {@code map} is unchanged. */
    public static Map<String, Object> without(final Map<String, Object> map, final String key) {
        if (map instanceof SegmentMap small) {
            final int at = small.indexOf(key);
            final SegmentMap copy = new SegmentMap(Arrays.copyOf(small.keys, Math.max(1, small.size)),
                Arrays.copyOf(small.values, Math.max(1, small.size)), small.size);
            if (at >= 0) {
                copy.removeAt(at);
            }
            return copy;
        }
        final Map<String, Object> copy = copyOf(map, map.size());
        copy.remove(key);
        return copy;
    }

    /** A map of another kind copied entry by entry: into a SegmentMap with room for {@code room} keys, or a HashMap. */
    private static Map<String, Object> copyOf(final Map<String, Object> map, final int room) {
        final Map<String, Object> copy = room <= MAX_KEYS ? new SegmentMap(room)
            : new java.util.HashMap<>((int) (room / 0.75f) + 1);
        copy.putAll(map);
        return copy;
    }

    /** Adds an entry, or replaces a key's value (the decoder's path: keys of one map are distinct). */
    void append(final String key, final Object value) {
        final int at = indexOf(key);
        if (at >= 0) {
            values[at] = value;
            return;
        }
        ownKeys();
        if (size == keys.length) {
            grow();
        }
        keys[size] = key;
        values[size++] = value;
    }

    private void ownKeys() {
        if (sharedKeys) {
            keys = Arrays.copyOf(keys, values.length);
            sharedKeys = false;
        }
    }

    private void grow() {
        keys = Arrays.copyOf(keys, Math.max(1, keys.length * 2));
        values = Arrays.copyOf(values, keys.length);
    }

    private int indexOf(final Object key) {
        for (int i = 0; i < size; i++) {
            if (keys[i] == key) {
                return i;
            }
        }
        if (key != null) {
            for (int i = 0; i < size; i++) {
                if (key.equals(keys[i])) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(final Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object get(final Object key) {
        final int at = indexOf(key);
        return at < 0 ? null : values[at];
    }

    @Override
    public Object put(final String key, final Object value) {
        Objects.requireNonNull(key, "segment keys cannot be null");
        final int at = indexOf(key);
        if (at >= 0) {
            final Object old = values[at];
            values[at] = value;
            return old;
        }
        ownKeys();
        if (size == keys.length) {
            grow();
        }
        keys[size] = key;
        values[size++] = value;
        return null;
    }

    @Override
    public Object remove(final Object key) {
        final int at = indexOf(key);
        return at < 0 ? null : removeAt(at);
    }

    private Object removeAt(final int at) {
        ownKeys();
        final Object old = values[at];
        final int tail = size - at - 1;
        System.arraycopy(keys, at + 1, keys, at, tail);
        System.arraycopy(values, at + 1, values, at, tail);
        size--;
        keys[size] = null;
        values[size] = null;
        return old;
    }

    @Override
    public void clear() {
        ownKeys();
        Arrays.fill(keys, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
    }

    @Override
    public void forEach(final BiConsumer<? super String, ? super Object> action) {
        for (int i = 0; i < size; i++) {
            action.accept(keys[i], values[i]);
        }
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;
                    private int last = -1;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        last = next++;
                        return new Slot(last);
                    }

                    @Override
                    public void remove() {
                        if (last < 0) {
                            throw new IllegalStateException();
                        }
                        removeAt(last);
                        next = last;
                        last = -1;
                    }
                };
            }
        };
    }

    /** An entry that reads and writes its slot. */
    private final class Slot implements Entry<String, Object> {
        private final int index;

        Slot(final int index) {
            this.index = index;
        }

        @Override
        public String getKey() {
            return keys[index];
        }

        @Override
        public Object getValue() {
            return values[index];
        }

        @Override
        public Object setValue(final Object value) {
            final Object old = values[index];
            values[index] = value;
            return old;
        }

        @Override
        public boolean equals(final Object o) {
            return o instanceof Entry<?, ?> e && Objects.equals(getKey(), e.getKey())
                && Objects.equals(getValue(), e.getValue());
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(getKey()) ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return getKey() + "=" + getValue();
        }
    }
}
