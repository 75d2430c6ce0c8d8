package io.sardonyx.checkpoint;

import io.sardonyx.codec.TenancySecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sardonyx.log.LogParameters;
import io.sardonyx.log.store.InMemoryLog;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Blobs sealed with the tenancy's secret: they round-trip; a blob written without the secret (valid CRC and all), one
 * moved to another key, and one sealed with another secret are each refused by name.
 */
class SealedStorageTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final BlobKey KEY = new BlobKey("3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c", 1, 2, "out", 0);

    private static Checkpoints checkpoints(final CheckpointStorage storage) {
        final InMemoryLog log = new InMemoryLog();
        log.parameters(LogParameters.DEFAULT);
        return new Checkpoints(storage, log, 2, Runnable::run);
    }

    @Test
    void aSealedBlobRoundTripsAndAForgedOneIsRefusedByName() throws Exception {
        final InMemoryCheckpointStorage bare = new InMemoryCheckpointStorage("t");
        final SealedStorage sealed = new SealedStorage(bare, TenancySecret.of(SECRET));
        try (Checkpoints ours = checkpoints(sealed); Checkpoints outsider = checkpoints(bare)) {
            ours.write(KEY, Map.of("committed", 10L)).join();
            assertThat(ours.read(KEY)).isEqualTo(Map.of("committed", 10L));
            assertThat(sealed.size(KEY)).isEqualTo(bare.size(KEY) - SealedStorage.SEAL_BYTES);

            // An outsider with write access to the storage but not the secret: a well-formed blob, CRC and all.
            outsider.write(KEY, Map.of("files", Map.of("out.jsonl", Map.of("committed", 0L,
                "pending", java.util.List.of(java.util.List.of("/etc/passwd", 10L)))))).join();
            assertThatThrownBy(() -> ours.read(KEY)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining(KEY.toString()).hasMessageContaining("not sealed by the tenancy's secret");

            // A genuine blob copied under another key (another slot, another epoch) is refused too.
            ours.write(KEY, Map.of("committed", 10L)).join();
            final BlobKey elsewhere = new BlobKey(KEY.jobId(), 1, 3, "out", 0);
            bare.write(elsewhere, bare.read(KEY));
            assertThatThrownBy(() -> ours.read(elsewhere)).hasMessageContaining(elsewhere.toString());

            // Sealed with another secret.
            final SealedStorage other = new SealedStorage(bare, TenancySecret.of("another secret, also 32 bytes!!"
                .getBytes(
                StandardCharsets.US_ASCII)));
            other.write(KEY, bare.read(elsewhere));
            assertThatThrownBy(() -> sealed.read(KEY)).hasMessageContaining("not sealed by the tenancy's secret");
        }
        assertThatThrownBy(() -> TenancySecret.of(new byte[8])).hasMessageContaining("at least 16 bytes");
    }
}
