package io.sardonyx.codec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A tenancy's secret: bytes shared by every process of the tenancy and no one else. Nothing is keyed with the secret
 * itself; each use derives its own key, HMAC-SHA-256(secret, purpose || 0), so a MAC made for one use (a frame) never
 * verifies as another (a log entry, a checkpoint blob).
 */
public final class TenancySecret {
    /** The shortest secret accepted. */
    public static final int MIN_BYTES = 16;
    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] secret;

    private TenancySecret(final byte[] secret) {
        this.secret = secret;
    }

    /**
     * A secret of at least {@link #MIN_BYTES} bytes (copied).
     *
     * @throws IllegalArgumentException saying how many bytes it has and how to make one
     */
    public static TenancySecret of(final byte[] secret) {
        if (secret.length < MIN_BYTES) {
            throw new IllegalArgumentException("a tenancy secret needs at least " + MIN_BYTES + " bytes, not "
                + secret.length + " (head -c 32 /dev/urandom makes one)");
        }
        return new TenancySecret(secret.clone());
    }

    /** A fresh HMAC-SHA-256 keyed for one purpose; a Mac belongs to one thread. */
    public Mac mac(final String purpose) {
        try {
            final Mac derive = Mac.getInstance(ALGORITHM);
            derive.init(new SecretKeySpec(secret, ALGORITHM));
            derive.update(purpose.getBytes(StandardCharsets.UTF_8));
            final byte[] key = derive.doFinal(new byte[] {0});
            final Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available: " + e.getMessage(), e);
        }
    }

    /** Compares two MACs in time that does not depend on where they differ. */
    public static boolean equal(final byte[] a, final int aOffset, final byte[] b, final int bOffset,
                                final int length) {
        int diff = 0;
        for (int i = 0; i < length; i++) {
            diff |= a[aOffset + i] ^ b[bOffset + i];
        }
        return diff == 0;
    }

    @Override
    public String toString() {
        return "TenancySecret[" + secret.length + " bytes]";
    }
}
