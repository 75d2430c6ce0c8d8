package io.sardonyx.checkpoint;

import io.sardonyx.codec.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The complete checkpoints of a job, oldest first, as kept beside the log; its store version lets a coordinator
 * update it by compare-and-set.
 *
 * @param complete     complete checkpoints, oldest first (the last is the one to recover from)
 * @param allocation   the newest allocation version whose coordinator claimed the job: only a coordinator of this
 *                     version may record checkpoints (older ones are stale, even if they wake from a pause)
 * @param storeVersion the record's version in the store (-1 when there is none yet)
 * @param forgottenAt  the gc entry that deleted the job's checkpoints, or -1
 */
public record CheckpointRecord(List<Coordinate> complete, long allocation, int storeVersion, long forgottenAt) {
    public static final CheckpointRecord NONE = new CheckpointRecord(List.of(), -1, -1);

    public CheckpointRecord {
        complete = List.copyOf(complete);
    }

    public CheckpointRecord(final List<Coordinate> complete, final long allocation, final int storeVersion) {
        this(complete, allocation, storeVersion, -1);
    }

    /** The record once a gc (at that entry) deleted every checkpoint of the job. */
    public CheckpointRecord forgotten(final long gcEntry) {
        return new CheckpointRecord(List.of(), allocation, storeVersion, gcEntry);
    }

    /** The latest complete checkpoint, or null. */
    public Coordinate latest() {
        return complete.isEmpty() ? null : complete.get(complete.size() - 1);
    }

    /**
     * The record with one more checkpoint, keeping the newest {@code retain}.
     *
     * @throws IllegalStateException when the checkpoint is not newer than the latest (a stale coordinator)
     */
    public CheckpointRecord with(final Coordinate next, final int retain) {
        if (next.version() != allocation) {
            throw new StaleCoordinatorException("checkpoint " + next.version() + "-" + next.epoch() + " was taken at "
                + "allocation " + next.version() + " but allocation " + allocation + " claims the job");
        }
        final Coordinate last = latest();
        if (last != null && (next.version() < last.version()
            || next.version() == last.version() && next.epoch() <= last.epoch())) {
            throw new IllegalStateException("checkpoint " + next.version() + "-" + next.epoch()
                + " is not newer than the recorded " + last.version() + "-" + last.epoch());
        }
        final List<Coordinate> all = new ArrayList<>(complete);
        all.add(next);
        return new CheckpointRecord(all.subList(Math.max(0, all.size() - retain), all.size()), allocation,
            storeVersion, forgottenAt);
    }

    /**
     * The record claimed by a coordinator of the allocation version.
     *
     * @throws IllegalStateException when a newer allocation already claims the job (the caller is stale)
     */
    public CheckpointRecord claimedBy(final long version) {
        if (version < allocation) {
            throw new StaleCoordinatorException("allocation " + version + " is older than " + allocation
                + ", which claims the job");
        }
        return new CheckpointRecord(complete, version, storeVersion, forgottenAt);
    }

    /** The checkpoints this record drops relative to an earlier one. */
    public List<Coordinate> droppedFrom(final CheckpointRecord earlier) {
        final List<Coordinate> dropped = new ArrayList<>(earlier.complete);
        dropped.removeAll(complete);
        return dropped;
    }

    public byte[] toBytes() {
        final List<Object> list = new ArrayList<>();
        complete.forEach(c -> list.add(c.toJson()));
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("allocation", allocation);
        json.put("complete", list);
        if (forgottenAt >= 0) {
            json.put("forgotten-at", forgottenAt);
        }
        return JsonText.write(json).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @throws IllegalArgumentException when the bytes are not a record
     */
    public static CheckpointRecord fromBytes(final byte[] bytes, final int storeVersion) {
        final Object json;
        try {
            json = JsonText.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (final JsonText.SyntaxException e) {
            throw new IllegalArgumentException("the checkpoint record is not JSON: " + e.getMessage(), e);
        }
        if (!(json instanceof Map<?, ?> map) || !(map.get("complete") instanceof List<?> list)) {
            throw new IllegalArgumentException("the checkpoint record needs a \"complete\" list");
        }
        final List<Coordinate> complete = new ArrayList<>();
        list.forEach(c -> complete.add(Coordinate.fromJson(c)));
        final long allocation = map.get("allocation") instanceof Long a ? a : -1;
        final long forgottenAt = map.get("forgotten-at") instanceof Long f ? f : -1;
        return new CheckpointRecord(complete, allocation, storeVersion, forgottenAt);
    }
}
