package io.sardonyx.log;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The failure-detection ring of peer groups and the joins in flight. Each joined group watches the pulse of the
 * group it maps to in {@link #pairs}; the pairs always form one cycle over the joined groups (none for one group).
 *
 * @param pairs    watcher → watched
 * @param prepared watcher → joiner, for joins at the first step
 * @param accepted watcher → joiner, for joins at the second step
 * @param aborted  joiners whose join failed and who must retry
 */
public record Ring(Map<String, String> pairs, Map<String, String> prepared, Map<String, String> accepted,
                   Set<String> aborted) {
    /** No groups, no joins. */
    public static final Ring EMPTY = new Ring(Map.of(), Map.of(), Map.of(), Set.of());

    public Ring {
        pairs = Collections.unmodifiableMap(new TreeMap<>(pairs));
        prepared = Collections.unmodifiableMap(new TreeMap<>(prepared));
        accepted = Collections.unmodifiableMap(new TreeMap<>(accepted));
        aborted = Collections.unmodifiableSet(new TreeSet<>(aborted));
    }

    /** The group that watches the given one, or null. */
    public String watcherOf(final String group) {
        for (final Map.Entry<String, String> pair : pairs.entrySet()) {
            if (pair.getValue().equals(group)) {
                return pair.getKey();
            }
        }
        return null;
    }

    /** The watcher key under which the joiner is prepared, or null. */
    public String preparedWatcherOf(final String joiner) {
        return keyOf(prepared, joiner);
    }

    /** The watcher key under which the joiner is accepted, or null. */
    public String acceptedWatcherOf(final String joiner) {
        return keyOf(accepted, joiner);
    }

    private static String keyOf(final Map<String, String> map, final String value) {
        for (final Map.Entry<String, String> entry : map.entrySet()) {
            if (entry.getValue().equals(value)) {
                return entry.getKey();
            }
        }
        return null;
    }
}
