package io.sardonyx.checkpoint;

import io.sardonyx.log.CheckpointLocation;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checkpoint blobs in this JVM's memory, for simulations and tests: as strict as the durable storages about what is
 * missing, but nothing survives the process. Thread-safe.
 */
public final class InMemoryCheckpointStorage implements CheckpointStorage {
    private final Map<BlobKey, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, byte[]> markers = new ConcurrentHashMap<>();
    private final String name;

    /** @param name how its location reads (it is never adopted by another process) */
    public InMemoryCheckpointStorage(final String name) {
        this.name = name;
    }

    @Override
    public void write(final BlobKey key, final byte[] payload) {
        blobs.put(key, payload.clone());
    }

    @Override
    public byte[] read(final BlobKey key) throws CheckpointException {
        final byte[] bytes = blobs.get(key);
        if (bytes == null) {
            throw new CheckpointException("checkpoint blob " + key + " is missing");
        }
        return bytes.clone();
    }

    @Override
    public long size(final BlobKey key) throws CheckpointException {
        return read(key).length;
    }

    @Override
    public void delete(final String jobId, final long version, final long epoch) {
        blobs.keySet().removeIf(k -> k.jobId().equals(jobId) && k.version() == version && k.epoch() == epoch);
    }

    @Override
    public void deleteJob(final String jobId) {
        blobs.keySet().removeIf(k -> k.jobId().equals(jobId));
    }

    @Override
    public void writeMarker(final String marker, final byte[] payload) {
        markers.put(marker, payload.clone());
    }

    @Override
    public byte[] readMarker(final String marker) throws CheckpointException {
        final byte[] bytes = markers.get(marker);
        if (bytes == null) {
            throw new CheckpointException("marker " + marker + " is missing in " + name);
        }
        return bytes.clone();
    }

    @Override
    public void deleteMarker(final String marker) {
        markers.remove(marker);
    }

    @Override
    public CheckpointLocation location() {
        return new CheckpointLocation("memory:" + name, null, null, null);
    }
}
