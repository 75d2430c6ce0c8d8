package io.sardonyx.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sardonyx.codec.TenancySecret;
import io.sardonyx.checkpoint.BlobKey;
import io.sardonyx.checkpoint.CheckpointException;
import io.sardonyx.checkpoint.DirectoryCheckpointStorage;
import io.sardonyx.checkpoint.SealedStorage;
import io.sardonyx.client.CheckpointView;
import io.sardonyx.client.JobHandle;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.task.RuntimeSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tenancy with a secret: a job's checkpoint blobs are sealed with it, and read back only with it. */
class SealedCheckpointsTest {
    private static final byte[] SECRET = "a tenancy secret of 32 bytes....".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aJobsBlobsAreSealedWithTheTenancysSecret() throws Exception {
        try (Sardonyx sardonyx = Sardonyx.builder().runtime(RuntimeSettings.DEFAULT.withBarrierPeriodMs(50))
            .secret(SECRET).build()) {
            sardonyx.startPeers(3);
            final JobHandle job = sardonyx.submit(Job.builder().chain("in", "inc", "out")
                .task(Task.input("in", "seq").batchSize(10).with("seq/elements", RuntimeTestSupport.numbers(50)))
                .task(Task.function("inc", "io.sardonyx.runtime.Fns::inc").batchSize(10))
                .task(Task.output("out", "collect").batchSize(10)).build());
            assertThat(RuntimeTestSupport.await(sardonyx, job).completed()).isTrue();
            final List<CheckpointView> checkpoints = sardonyx.checkpoints(job.id());
            assertThat(checkpoints).isNotEmpty();
            final CheckpointView last = checkpoints.get(checkpoints.size() - 1);
            final Path root = sardonyx.checkpointDirectory().orElseThrow();
            final DirectoryCheckpointStorage bare = new DirectoryCheckpointStorage(root.getParent(),
                root.getFileName().toString());
            final BlobKey blob = new BlobKey(job.id(), last.version(), last.epoch(), "in", 0);
            assertThat(new SealedStorage(bare, TenancySecret.of(SECRET)).read(blob)).as("read back with the secret")
                .isNotEmpty();
            assertThatThrownBy(() -> new SealedStorage(bare, TenancySecret.of("someone else's secret, 32 bytes"
                .getBytes(
                StandardCharsets.US_ASCII))).read(blob)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("not sealed by the tenancy's secret");
        }
    }
}
