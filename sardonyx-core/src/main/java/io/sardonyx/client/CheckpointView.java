package io.sardonyx.client;

import io.sardonyx.checkpoint.Checkpoints;
import java.util.Map;
import java.util.Optional;

/**
 * One complete checkpoint of a job as stored: where it was taken, by how many peers per task, and its size.
 *
 * @param version the allocation version it was taken at
 * @param epoch   its epoch in that version
 * @param slots   per task, the peers that wrote a part of it
 * @param bytes   its size in storage, or -1 when a part could not be read ({@link #problem} says why)
 * @param problem why its size is unknown; empty when every part reads back
 */
public record CheckpointView(long version, long epoch, Map<String, Integer> slots, long bytes,
                             Optional<String> problem) {
    public CheckpointView {
        slots = Map.copyOf(slots);
    }

    static CheckpointView of(final Checkpoints.Stored stored) {
        return new CheckpointView(stored.checkpoint().version(), stored.checkpoint().epoch(),
            stored.checkpoint().slots(), stored.bytes(), Optional.ofNullable(stored.problem()));
    }
}
