package io.sardonyx.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sardonyx.log.store.InMemoryLog;
import io.sardonyx.log.LogParameters;
import io.sardonyx.job.JobSchedulerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryCheckpointStorageTest {
    @TempDir
    Path dir;

    private static final BlobKey KEY = new BlobKey("job-1", 7, 3, "in", 0);

    @Test
    void stateRoundTripsThroughABlob() throws Exception {
        final DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(dir, "t");
        final Object state = Map.of("offset", 42L, "seen", List.of("a", "b"));
        storage.write(KEY, StateCodec.encode(state));
        assertThat(StateCodec.decode(storage.read(KEY))).isEqualTo(state);
        assertThat(StateCodec.decode(StateCodec.encode(null))).isNull();
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void aTruncatedBlobIsDetected() throws Exception {
        final DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(dir, "t");
        storage.write(KEY, StateCodec.encode(List.of(1L, 2L, 3L)));
        final Path blob = storage.path(KEY);
        final byte[] bytes = Files.readAllBytes(blob);
        Files.write(blob, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        assertThatThrownBy(() -> storage.read(KEY)).isInstanceOf(CheckpointException.class)
            .hasMessageContaining("truncated").hasMessageContaining(KEY.toString());
        Files.write(blob, java.util.Arrays.copyOf(bytes, 5));
        assertThatThrownBy(() -> storage.read(KEY)).hasMessageContaining("truncated");
    }

    @Test
    void aFlippedByteIsDetected() throws Exception {
        final DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(dir, "t");
        storage.write(KEY, StateCodec.encode("some state"));
        final Path blob = storage.path(KEY);
        final byte[] bytes = Files.readAllBytes(blob);
        for (int i = 0; i < bytes.length; i++) {
            final byte[] flipped = bytes.clone();
            flipped[i] ^= 0x10;
            Files.write(blob, flipped);
            assertThatThrownBy(() -> storage.read(KEY)).as("byte " + i).isInstanceOf(CheckpointException.class);
        }
    }

    @Test
    void aMissingBlobOrEpochIsDetected() throws Exception {
        final DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(dir, "t");
        assertThatThrownBy(() -> storage.read(KEY)).isInstanceOf(CheckpointException.class)
            .hasMessageContaining("is missing");
        storage.write(KEY, StateCodec.encode(1L));
        storage.delete("job-1", 7, 3);
        assertThatThrownBy(() -> storage.read(KEY)).hasMessageContaining("is missing");
    }

    @Test
    void oddNamesStayInsideTheRoot() throws Exception {
        final DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(dir, "t");
        final BlobKey odd = new BlobKey("../escape", 1, 1, "task/with slash", 0);
        storage.write(odd, StateCodec.encode(1L));
        assertThat(storage.path(odd).normalize()).startsWith(dir.toAbsolutePath());
        assertThat(StateCodec.decode(storage.read(odd))).isEqualTo(1L);
    }

    @Test
    void recoveryFallsBackToTheLastWholeCheckpointAndFailsWhenNoneIs() throws Exception {
        final DirectoryCheckpointStorage storage = new DirectoryCheckpointStorage(dir, "t");
        final InMemoryLog log = new InMemoryLog();
        log.parameters(new LogParameters(JobSchedulerKind.GREEDY, LogParameters.LOG_FORMAT));
        try (Checkpoints checkpoints = new Checkpoints(storage, log, 2)) {
            assertThat(checkpoints.recoveryPoint("job-1", 7).join()).isEmpty();
            final Map<String, Integer> slots = Map.of("in", 2);
            for (long epoch = 1; epoch <= 3; epoch++) {
                for (int slot = 0; slot < 2; slot++) {
                    checkpoints.write(new BlobKey("job-1", 7, epoch, "in", slot), epoch * 10 + slot).join();
                }
                assertThat(checkpoints.recordComplete("job-1", new Coordinate(7, epoch, slots, 128)).join()).isTrue();
            }
            assertThat(checkpoints.record("job-1").complete()).extracting(Coordinate::epoch).containsExactly(2L, 3L);
            assertThat(Files.exists(storage.checkpointDir("job-1", 7, 1))).as("out of retention: deleted").isFalse();
            assertThat(checkpoints.recordComplete("job-1", new Coordinate(7, 3, slots, 128)).join())
                .as("recording the latest again is a no-op (a lost reply)").isTrue();
            assertThatThrownBy(() -> checkpoints.recordComplete("job-1", new Coordinate(7, 2, slots, 128)).join())
                .as("an older checkpoint of the claiming allocation is a bug, not staleness")
                .hasMessageContaining("not newer");
            assertThat(checkpoints.recordComplete("job-1", new Coordinate(6, 9, slots, 128)).join())
                .as("a checkpoint of an allocation that no longer claims the job is stale").isFalse();
            assertThat(checkpoints.recoveryPoint("job-1", 7).join()).contains(new Coordinate(7, 3, slots, 128));
            Files.write(storage.path(new BlobKey("job-1", 7, 3, "in", 1)), new byte[] {1, 2, 3});
            assertThat(checkpoints.recoveryPoint("job-1", 7).join()).contains(new Coordinate(7, 2, slots, 128));
            Files.delete(storage.path(new BlobKey("job-1", 7, 2, "in", 0)));
            assertThatThrownBy(() -> checkpoints.recoveryPoint("job-1", 7).join())
                .isInstanceOf(CompletionException.class)
                .hasMessageContaining("no whole checkpoint").hasMessageContaining("is missing")
                .hasMessageContaining("truncated");
            assertThat(checkpoints.read(new BlobKey("job-1", 7, 3, "in", 0))).isEqualTo(30L);
            assertThatThrownBy(() -> checkpoints.recoveryPoint("job-1", 6).join())
                .hasCauseInstanceOf(StaleCoordinatorException.class);
        }
    }
}
