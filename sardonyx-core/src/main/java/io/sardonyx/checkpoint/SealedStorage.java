package io.sardonyx.checkpoint;

import io.sardonyx.codec.TenancySecret;
import io.sardonyx.log.CheckpointLocation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;

/**
 * Checkpoint storage whose blobs are sealed with the tenancy's secret: each blob carries an HMAC-SHA-256 over its
 * key (job, version, epoch, task, slot) and its bytes, so a blob written by anyone without the secret, or moved to
 * another key, is refused by name rather than restored. The CRC inside a blob finds damage; this finds forgery.
 * Markers pass through unsealed (they only prove the storage is shared).
 */
public final class SealedStorage implements CheckpointStorage {
    /** Bytes of the seal at the end of each blob. */
    public static final int SEAL_BYTES = 32;
    private final CheckpointStorage inner;
    private final Mac mac;

    /** @param secret the tenancy's secret; the blob key is derived from it, for blobs only */
    public SealedStorage(final CheckpointStorage inner, final TenancySecret secret) {
        this.inner = inner;
        this.mac = secret.mac("sardonyx checkpoint blobs");
    }

    /** The blob's key and its bytes, MACed; checkpoint I/O threads share this storage, so one at a time. */
    private synchronized byte[] seal(final BlobKey blob, final byte[] payload) {
        mac.update(blob.toString().getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return mac.doFinal(payload);
    }

    @Override
    public void write(final BlobKey blob, final byte[] payload) throws CheckpointException {
        final byte[] sealed = Arrays.copyOf(payload, payload.length + SEAL_BYTES);
        System.arraycopy(seal(blob, payload), 0, sealed, payload.length, SEAL_BYTES);
        inner.write(blob, sealed);
    }

    @Override
    public byte[] read(final BlobKey blob) throws CheckpointException {
        final byte[] sealed = inner.read(blob);
        if (sealed.length < SEAL_BYTES) {
            throw new CheckpointException("checkpoint blob " + blob + " carries no seal: it was not written with "
                + "the tenancy's secret");
        }
        final byte[] payload = Arrays.copyOf(sealed, sealed.length - SEAL_BYTES);
        final byte[] carried = Arrays.copyOfRange(sealed, payload.length, sealed.length);
        if (!MessageDigest.isEqual(carried, seal(blob, payload))) {
            throw new CheckpointException("checkpoint blob " + blob + " is not sealed by the tenancy's secret: "
                + "forged, moved from another key, or written with another secret; refusing to restore it");
        }
        return payload;
    }

    @Override
    public long size(final BlobKey blob) throws CheckpointException {
        return Math.max(0, inner.size(blob) - SEAL_BYTES);
    }

    @Override
    public void delete(final String jobId, final long version, final long epoch) throws CheckpointException {
        inner.delete(jobId, version, epoch);
    }

    @Override
    public void deleteJob(final String jobId) throws CheckpointException {
        inner.deleteJob(jobId);
    }

    @Override
    public void writeMarker(final String name, final byte[] payload) throws CheckpointException {
        inner.writeMarker(name, payload);
    }

    @Override
    public byte[] readMarker(final String name) throws CheckpointException {
        return inner.readMarker(name);
    }

    @Override
    public void deleteMarker(final String name) throws CheckpointException {
        inner.deleteMarker(name);
    }

    @Override
    public CheckpointLocation location() {
        return inner.location();
    }
}
