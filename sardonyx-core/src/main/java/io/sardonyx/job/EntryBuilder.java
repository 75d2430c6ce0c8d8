package io.sardonyx.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The shared part of the fluent builders: an ordered map of keys filled by typed setters, and {@link #with}
 * for any other key (plugin keys, parameters), so the Java builder and the JSON file produce the same data.
 *
 * @param <B> the concrete builder, returned by every setter
 * @param <E> the entry it builds
 */
public abstract class EntryBuilder<B extends EntryBuilder<B, E>, E extends JobEntry> {
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final Function<Map<String, Object>, E> constructor;

    /** Starts an empty builder that finishes with the given record constructor. */
    protected EntryBuilder(final Function<Map<String, Object>, E> constructor) {
        this.constructor = constructor;
    }

    /** Sets any key, keeping Onyx's spelling; a null value removes the key. */
    public final B with(final String key, final Object value) {
        if (value == null) {
            attributes.remove(key);
        } else {
            attributes.put(key, JsonValues.normalize(value, key));
        }
        return self();
    }

    /** Sets a list-valued key from varargs. */
    protected final B withList(final String key, final Object... values) {
        return with(key, List.of(values));
    }

    /** Sets a documentation string (every section has a {@code <namespace>/doc} key). */
    public abstract B doc(String doc);

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Builds the immutable entry; the builder may be reused. */
    public final E build() {
        return constructor.apply(attributes);
    }
}
