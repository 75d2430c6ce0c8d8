package io.sardonyx.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sardonyx.log.store.InMemoryLog;
import io.sardonyx.log.LogParameters;
import io.sardonyx.job.JobSchedulerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenancy's checkpoint storage is recorded by its first peer group, adopted by the others, proved at join by a token,
 * and another storage given explicitly is refused naming the tenancy's.
 */
class TenancyStorageTest {
    @TempDir
    Path dir;

    private static TenancyStorage.Binding bind(final InMemoryLog log, final CheckpointStorage requested,
                                               final Path fallback) throws CheckpointException {
        return TenancyStorage.bind(log, "t", LogParameters.DEFAULT, requested,
            () -> new DirectoryCheckpointStorage(fallback, "t"), Map.of());
    }

    @Test
    void theFirstProcessRecordsItsStorageAndTheOthersAdoptIt() throws Exception {
        final InMemoryLog log = new InMemoryLog();
        final TenancyStorage.Binding first = bind(log, null, dir.resolve("shared"));
        assertThat(first.recorded().location()).isEqualTo(dir.resolve("shared").toString());
        assertThat(first.recorded().token()).isNotBlank();
        assertThat(log.storedParameters().orElseThrow().checkpointStorage()).isEqualTo(first.recorded());
        assertThat(Files.list(dir.resolve("shared/t/.tenancy")).count()).as("one token, the tenancy's").isEqualTo(1);
        TenancyStorage.prove(first, "t");

        // A process with another default (another HOME) adopts the tenancy's storage instead.
        final TenancyStorage.Binding second = bind(log, null, dir.resolve("elsewhere"));
        assertThat(((DirectoryCheckpointStorage) second.storage()).root()).isEqualTo(dir.resolve("shared/t"));
        TenancyStorage.prove(second, "t");
        assertThat(Files.exists(dir.resolve("elsewhere"))).as("its own default is never touched").isFalse();

        // One given the same directory explicitly is fine too.
        final TenancyStorage.Binding same = bind(log, new DirectoryCheckpointStorage(dir.resolve("shared"), "t"),
            dir.resolve("unused"));
        TenancyStorage.prove(same, "t");
    }

    @Test
    void anotherStorageGivenExplicitlyIsRefusedNamingTheTenancys() throws Exception {
        final InMemoryLog log = new InMemoryLog();
        bind(log, null, dir.resolve("shared"));
        final Path other = dir.resolve("other");
        assertThatThrownBy(() -> bind(log, new DirectoryCheckpointStorage(other, "t"), dir.resolve("unused")))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("tenancy t keeps its checkpoints in " + dir.resolve("shared"))
            .hasMessageContaining("this process was given " + other)
            .hasMessageContaining("Leave out --checkpoints");
        assertThat(Files.exists(other)).as("nothing is written to a storage that is refused").isFalse();
    }

    @Test
    void theSameStorageReachedByAnotherPathIsAcceptedThroughItsToken() throws Exception {
        final InMemoryLog log = new InMemoryLog();
        bind(log, null, dir.resolve("shared"));
        // The shared directory mounted at another path on this "machine".
        final Path mount = Files.createSymbolicLink(dir.resolve("mount"), dir.resolve("shared"));
        final TenancyStorage.Binding viaMount = bind(log, new DirectoryCheckpointStorage(mount, "t"),
            dir.resolve("unused"));
        assertThat(((DirectoryCheckpointStorage) viaMount.storage()).root()).isEqualTo(mount.resolve("t"));
        TenancyStorage.prove(viaMount, "t");
    }

    @Test
    void aProcessThatCannotReadTheTenancysStorageIsRefusedAtJoinNamingItAndTheFix() throws Exception {
        final InMemoryLog log = new InMemoryLog();
        final TenancyStorage.Binding first = bind(log, null, dir.resolve("shared"));
        // Another machine: the recorded path exists there, but it is not the shared directory.
        try (var tokens = Files.list(dir.resolve("shared/t/.tenancy"))) {
            for (final Path token : tokens.toList()) {
                Files.delete(token);
            }
        }
        final TenancyStorage.Binding stranger = bind(log, null, dir.resolve("unused"));
        assertThatThrownBy(() -> TenancyStorage.prove(stranger, "t")).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("cannot join tenancy t: its checkpoints are kept in " + dir.resolve("shared"))
            .hasMessageContaining("marker token-" + first.recorded().token() + " is missing")
            .hasMessageContaining("mount the shared directory")
            .hasMessageContaining("--checkpoints s3://bucket/prefix");
    }

    @Test
    void aLogOfAnEarlierBuildGetsTheStorageOfTheFirstProcessThatNamesOne() throws Exception {
        final InMemoryLog log = new InMemoryLog();
        log.parameters(new LogParameters(JobSchedulerKind.BALANCED, LogParameters.LOG_FORMAT));
        final TenancyStorage.Binding upgraded = bind(log, null, dir.resolve("shared"));
        assertThat(upgraded.parameters().jobScheduler()).isEqualTo(JobSchedulerKind.BALANCED);
        assertThat(upgraded.recorded().location()).isEqualTo(dir.resolve("shared").toString());
        assertThat(log.storedParameters().orElseThrow().checkpointStorage()).isEqualTo(upgraded.recorded());
        TenancyStorage.prove(bind(log, null, dir.resolve("unused")), "t");
    }

    @Test
    void locationsAreParsedWithTheirMistakesNamed() {
        assertThat(TenancyStorage.parse("s3://bucket/a/b", "http://minio:9000", null).prefix()).isEqualTo("a/b/");
        assertThat(TenancyStorage.parse("s3://bucket", null, null).prefix()).isEmpty();
        assertThat(TenancyStorage.parse("rel/dir", null, null).location()).isEqualTo(Path.of("rel/dir")
            .toAbsolutePath().normalize().toString());
        assertThatThrownBy(() -> TenancyStorage.parse("s3:///p", null, null)).hasMessageContaining("names no bucket");
        assertThatThrownBy(() -> TenancyStorage.parse("dir", "http://minio:9000", null))
            .hasMessageContaining("is a directory, not s3://bucket/prefix");
    }
}
