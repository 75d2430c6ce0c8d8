package io.sardonyx.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sardonyx.job.KeyGroups;
import io.sardonyx.log.LogParameters;
import io.sardonyx.log.store.InMemoryLog;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * A job's checkpoints beside the log, on their own: blobs round-trip with their size, records keep the newest few and
 * delete the blobs of the rest, a coordinator of an earlier allocation can no longer record, a recorded checkpoint is
 * recorded again harmlessly, reads run off the caller's thread, and a forgotten job leaves no blob.
 */
class CheckpointsTest {
    private static final String JOB = "3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c";
    /** Runs checkpoint I/O in place: the test's thread does it. */
    private static final Executor IN_PLACE = Runnable::run;

    private static InMemoryLog log() {
        final InMemoryLog log = new InMemoryLog();
        log.parameters(LogParameters.DEFAULT);
        return log;
    }

    private static Coordinate at(final long version, final long epoch) {
        return new Coordinate(version, epoch, Map.of("in", 1), KeyGroups.DEFAULT);
    }

    /** Writes the blob of a checkpoint and records it complete. */
    private static boolean complete(final Checkpoints checkpoints, final long version, final long epoch) {
        checkpoints.write(new BlobKey(JOB, version, epoch, "in", 0), epoch).join();
        return checkpoints.recordComplete(JOB, at(version, epoch)).join();
    }

    @Test
    void aBlobRoundTripsWithItsSize() throws Exception {
        try (Checkpoints checkpoints = new Checkpoints(new InMemoryCheckpointStorage("t"), log(), 2, IN_PLACE)) {
            final BlobKey key = new BlobKey(JOB, 1, 1, "in", 0);
            checkpoints.write(key, Map.of("offset", 42L)).join();
            final Checkpoints.Restored restored = checkpoints.restore(key);
            assertThat(restored.state()).isEqualTo(Map.of("offset", 42L));
            assertThat(restored.bytes()).isPositive();
            assertThatThrownBy(() -> checkpoints.read(new BlobKey(JOB, 1, 2, "in", 0)))
                .isInstanceOf(CheckpointException.class).hasMessageContaining(JOB);
        }
    }

    @Test
    void theRecordKeepsTheNewestAndDeletesTheBlobsOfTheRest() throws Exception {
        final InMemoryCheckpointStorage storage = new InMemoryCheckpointStorage("t");
        try (Checkpoints checkpoints = new Checkpoints(storage, log(), 2, IN_PLACE)) {
            assertThat(checkpoints.recoveryPoint(JOB, 1).join()).as("allocation 1 claims the job").isEmpty();
            for (long epoch = 1; epoch <= 3; epoch++) {
                assertThat(complete(checkpoints, 1, epoch)).isTrue();
            }
            assertThat(checkpoints.record(JOB).complete()).containsExactly(at(1, 2), at(1, 3));
            assertThatThrownBy(() -> storage.read(new BlobKey(JOB, 1, 1, "in", 0)))
                .as("the blob of the dropped checkpoint").isInstanceOf(CheckpointException.class);
            assertThat(checkpoints.list(JOB)).extracting(Checkpoints.Stored::bytes).allMatch(b -> b > 0);
            assertThat(checkpoints.recordComplete(JOB, at(1, 3)).join()).as("recorded again: a lost reply").isTrue();
            assertThat(checkpoints.record(JOB).complete()).hasSize(2);
        }
    }

    @Test
    void aCoordinatorOfAnEarlierAllocationCanNoLongerRecord() throws Exception {
        try (Checkpoints checkpoints = new Checkpoints(new InMemoryCheckpointStorage("t"), log(), 2, IN_PLACE)) {
            checkpoints.recoveryPoint(JOB, 1).join();
            assertThat(complete(checkpoints, 1, 5)).isTrue();
            assertThat(checkpoints.recoveryPoint(JOB, 3).join()).as("allocation 3 claims the job, recovering from 1-5")
                .contains(at(1, 5));
            assertThat(checkpoints.record(JOB).allocation()).isEqualTo(3);
            assertThat(complete(checkpoints, 1, 6)).as("allocation 1 is stale").isFalse();
            assertThat(checkpoints.record(JOB).latest()).isEqualTo(at(1, 5));
        }
    }

    @Test
    void readsRunOffTheCallersThreadAndFailWithWhatTheyThrew() {
        final List<Runnable> queued = new java.util.ArrayList<>();
        try (Checkpoints checkpoints = new Checkpoints(new InMemoryCheckpointStorage("t"), log(), 2, queued::add)) {
            final var ok = checkpoints.offThread(() -> "read");
            final var bad = checkpoints.offThread(() -> {
                throw new CheckpointException("blob x is truncated");
            });
            assertThat(ok).as("nothing runs on the caller's thread").isNotDone();
            queued.forEach(Runnable::run);
            assertThat(ok.join()).isEqualTo("read");
            assertThatThrownBy(bad::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(CheckpointException.class).hasMessageContaining("blob x is truncated");
        }
    }

    @Test
    void aForgottenJobLeavesNoBlobAndSaysSo() throws Exception {
        final InMemoryCheckpointStorage storage = new InMemoryCheckpointStorage("t");
        try (Checkpoints checkpoints = new Checkpoints(storage, log(), 2, IN_PLACE)) {
            checkpoints.recoveryPoint(JOB, 1).join();
            assertThat(complete(checkpoints, 1, 1)).isTrue();
            checkpoints.forget(JOB, 99);
            assertThat(checkpoints.record(JOB).forgottenAt()).isEqualTo(99);
            assertThatThrownBy(() -> storage.read(new BlobKey(JOB, 1, 1, "in", 0)))
                .isInstanceOf(CheckpointException.class);
        }
    }
}
