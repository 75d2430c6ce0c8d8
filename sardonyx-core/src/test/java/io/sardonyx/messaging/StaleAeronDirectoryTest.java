package io.sardonyx.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A peer killed without closing leaves its Aeron directory: the next one to start on the host removes it. */
class StaleAeronDirectoryTest {
    @Test
    void directoriesOfDriversThatAreGoneAreRemovedAndLiveOnesKept(@TempDir final Path base) throws Exception {
        // Left by a killed process: no heartbeat, old.
        final Path stale = Files.createDirectories(base.resolve(AeronMessenger.DIR_PREFIX + "dead"));
        Files.write(stale.resolve("cnc.dat"), new byte[64]);
        Files.write(stale.resolve("term"), new byte[1024]);
        assertThat(stale.toFile().setLastModified(System.currentTimeMillis() - 120_000)).isTrue();
        // Just made: its driver may still be starting.
        final Path fresh = Files.createDirectories(base.resolve(AeronMessenger.DIR_PREFIX + "starting"));
        // Not ours.
        final Path other = Files.createDirectories(base.resolve("something-else"));
        assertThat(other.toFile().setLastModified(System.currentTimeMillis() - 120_000)).isTrue();

        assertThat(AeronMessenger.removeStale(base.toFile(), 30_000)).isEqualTo(1);
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(other).exists();
    }

    @Test
    void aRunningDriverIsNeverRemoved() throws Exception {
        try (AeronMessenger running = AeronMessenger.start(MessagingSettings.DEFAULT, "127.0.0.1", 0)) {
            final File dir = new File(running.directory());
            assertThat(dir.setLastModified(System.currentTimeMillis() - 120_000)).isTrue();
            AeronMessenger.removeStale(dir.getParentFile(), 30_000);
            assertThat(dir).exists();
        }
    }
}
