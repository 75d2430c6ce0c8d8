package io.sardonyx.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A complete checkpoint of a job: taken at this allocation version and epoch, by this many peers per task (the
 * slots whose blobs make it up).
 *
 * @param version the job's allocation version
 * @param epoch   the barrier epoch
 * @param slots     task → how many peers (slots) wrote a blob
 * @param keyGroups the job's key groups (how grouped state and input offsets were split); 0 in a checkpoint from a
 *                  build before key groups, whose state cannot be redistributed
 */
public record Coordinate(long version, long epoch, Map<String, Integer> slots, int keyGroups) {
    public Coordinate {
        slots = java.util.Collections.unmodifiableMap(new TreeMap<>(slots));
    }

    /** The JSON form, in the record beside the log. */
    public Map<String, Object> toJson() {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", version);
        out.put("epoch", epoch);
        final Map<String, Object> s = new LinkedHashMap<>();
        slots.forEach((task, n) -> s.put(task, (long) n));
        out.put("slots", s);
        out.put("key-groups", (long) keyGroups);
        return out;
    }

    /**
     * Reads the JSON form.
     *
     * @throws IllegalArgumentException naming what is missing or mistyped
     */
    public static Coordinate fromJson(final Object json) {
        if (!(json instanceof Map<?, ?> map) || !(map.get("version") instanceof Long version)
            || !(map.get("epoch") instanceof Long epoch) || !(map.get("slots") instanceof Map<?, ?> slots)) {
            throw new IllegalArgumentException("a checkpoint coordinate needs \"version\", \"epoch\" (integers) and "
                + "\"slots\" (a map); got " + json);
        }
        final Map<String, Integer> counts = new TreeMap<>();
        slots.forEach((task, n) -> {
            if (!(task instanceof String t) || !(n instanceof Long count)) {
                throw new IllegalArgumentException("checkpoint slots must map task names to integers; got " + slots);
            }
            counts.put(t, count.intValue());
        });
        final int keyGroups = map.get("key-groups") instanceof Long k && k > 0 && k <= Integer.MAX_VALUE
            ? k.intValue() : 0;
        return new Coordinate(version, epoch, counts, keyGroups);
    }
}
