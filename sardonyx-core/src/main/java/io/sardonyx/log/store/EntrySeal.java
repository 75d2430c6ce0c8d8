package io.sardonyx.log.store;

import io.sardonyx.codec.TenancySecret;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;

/**
 * The seal of a log entry in a tenancy with a secret: a trailer {@code \n#mac:<64 hex digits>} after the entry's
 * JSON, the HMAC-SHA-256 of the tenancy's name and the JSON under a key derived for log entries alone. Every reader
 * holding the secret rejects an entry without a valid seal, identically, so a well-formed entry written by someone
 * who can reach ZooKeeper but lacks the secret (a forged {@code complete-job}) changes nothing. Readers without the
 * secret (the dashboard, a command given none) drop the trailer unread.
 */
public final class EntrySeal {
    static final String TRAILER = "\n#mac:";
    private static final byte[] TRAILER_BYTES = TRAILER.getBytes(StandardCharsets.US_ASCII);
    /** Bytes the trailer adds. */
    public static final int BYTES = TRAILER_BYTES.length + 64;

    private final Mac mac;
    private final byte[] tenancy;

    /** @param tenancy the tenancy whose entries it seals: an entry copied from another tenancy does not verify */
    public EntrySeal(final TenancySecret secret, final String tenancy) {
        this.mac = secret.mac("sardonyx log entries");
        this.tenancy = tenancy.getBytes(StandardCharsets.UTF_8);
    }

    /** The entry with its trailer. */
    public synchronized byte[] seal(final byte[] entry) {
        final byte[] hex = HexFormat.of().formatHex(mac(entry, entry.length)).getBytes(StandardCharsets.US_ASCII);
        final byte[] out = Arrays.copyOf(entry, entry.length + BYTES);
        System.arraycopy(TRAILER_BYTES, 0, out, entry.length, TRAILER_BYTES.length);
        System.arraycopy(hex, 0, out, entry.length + TRAILER_BYTES.length, hex.length);
        return out;
    }

    /**
     * The entry without its trailer.
     *
     * @throws IllegalArgumentException naming the entry when it carries no seal or one the secret did not make
     */
    public synchronized byte[] open(final long messageId, final byte[] stored) {
        final int at = trailerAt(stored);
        if (at < 0) {
            throw new IllegalArgumentException("log entry " + messageId + " carries no seal: it was not written with "
                + "the tenancy's secret");
        }
        final byte[] expected = HexFormat.of().formatHex(mac(stored, at)).getBytes(StandardCharsets.US_ASCII);
        if (!TenancySecret.equal(expected, 0, stored, at + TRAILER_BYTES.length, expected.length)) {
            throw new IllegalArgumentException("log entry " + messageId + " is not sealed by the tenancy's secret: "
                + "forged, copied from another tenancy, or written with another secret");
        }
        return Arrays.copyOf(stored, at);
    }

    /** The entry without any trailer, unverified: for readers without the secret. */
    public static byte[] strip(final byte[] stored) {
        final int at = trailerAt(stored);
        return at < 0 ? stored : Arrays.copyOf(stored, at);
    }

    private byte[] mac(final byte[] entry, final int length) {
        mac.update(tenancy);
        mac.update((byte) 0);
        mac.update(entry, 0, length);
        return mac.doFinal();
    }

    private static int trailerAt(final byte[] stored) {
        final int at = stored.length - BYTES;
        if (at < 0) {
            return -1;
        }
        for (int i = 0; i < TRAILER_BYTES.length; i++) {
            if (stored[at + i] != TRAILER_BYTES[i]) {
                return -1;
            }
        }
        return at;
    }
}
