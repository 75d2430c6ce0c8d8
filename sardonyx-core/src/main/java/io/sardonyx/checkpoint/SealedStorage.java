package io.sardonyx.checkpoint;

import io.sardonyx.log.CheckpointLocation;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checkpoint storage whose blobs are sealed with the tenancy's secret: each blob carries an HMAC-SHA-256 over its
 * key (job, version, epoch, task, slot) and its bytes, so a blob written by anyone without the secret, or moved to
 * another key, is refused by name rather than restored. The CRC inside a blob finds damage; this finds forgery.
 * Markers pass through unsealed (they only prove the storage is shared).
 */
public final class SealedStorage implements CheckpointStorage {
    /** Bytes of the seal at the end of each blob. */
    public static final int SEAL_BYTES = 32;
    /** The shortest tenancy secret accepted. */
    public static final int MIN_SECRET_BYTES = 16;
    private static final String ALGORITHM = "HmacSHA256";

    private final CheckpointStorage inner;
    private final SecretKeySpec key;

    /**
     * @param secret the tenancy's secret; the blob key is derived from it, for blobs only
     * @throws IllegalArgumentException when the secret is shorter than 16 bytes
     */
    public SealedStorage(final CheckpointStorage inner, final byte[] secret) {
        requireSecret(secret);
        this.inner = inner;
        this.key = new SecretKeySpec(hmac(new SecretKeySpec(secret, ALGORITHM),
            "sardonyx checkpoint blobs".getBytes(StandardCharsets.UTF_8), new byte[0]), ALGORITHM);
    }

    /**
     * Checks a tenancy secret: at least 16 bytes.
     *
     * @return the secret
     * @throws IllegalArgumentException saying how many bytes it has
     */
    public static byte[] requireSecret(final byte[] secret) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("a tenancy secret needs at least " + MIN_SECRET_BYTES + " bytes, not "
                + secret.length + " (head -c 32 /dev/urandom makes one)");
        }
        return secret;
    }

    private static byte[] hmac(final SecretKeySpec key, final byte[] label, final byte[] bytes) {
        try {
            final Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(label);
            mac.update((byte) 0);
            return mac.doFinal(bytes);
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available: " + e.getMessage(), e);
        }
    }

    private byte[] seal(final BlobKey blob, final byte[] payload) {
        return hmac(key, blob.toString().getBytes(StandardCharsets.UTF_8), payload);
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
