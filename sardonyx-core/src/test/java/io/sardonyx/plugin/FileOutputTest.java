package io.sardonyx.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.job.PackagePolicy;
import io.sardonyx.job.Task;
import io.sardonyx.task.UserCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file output's two-phase commit: nothing visible before a commit, exact after any recovery. */
class FileOutputTest {
    @TempDir
    Path dir;

    private PluginContext context(final Path file, final long version) {
        return new PluginContext("job", Task.output("out", "file").with("file/path", file.toString()).build(), 0, 1,
            null, new UserCode(getClass().getClassLoader(), PackagePolicy.ANY), version);
    }

    private static List<Map<String, Object>> lines(final long... ns) {
        return java.util.Arrays.stream(ns).mapToObj(n -> Map.<String, Object>of("n", n)).toList();
    }

    @Test
    void linesAppearOnlyWhenTheirCheckpointCompletes() throws Exception {
        final Path file = dir.resolve("out.jsonl");
        final FileOutput out = new FileOutput();
        out.start(context(file, 5));
        out.recover(null);
        out.write(lines(1, 2));
        assertThat(Files.readAllLines(file)).isEmpty();
        final Object state1 = out.checkpoint(1);
        out.write(lines(3));
        assertThat(Files.readAllLines(file)).as("prepared, not committed").isEmpty();
        out.checkpointed(1);
        assertThat(Files.readAllLines(file)).containsExactly("{\"n\":1}", "{\"n\":2}");
        out.checkpoint(2);
        out.checkpointed(2);
        assertThat(Files.readAllLines(file)).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        out.close();
        assertThat(state1).isEqualTo(Map.of("committed", 0L, "pending", List.of(((List<?>) ((Map<?, ?>) state1)
            .get("pending")).get(0))));
    }

    @Test
    void recoveryFinishesTheListedCommitsAndDropsEverythingLater() throws Exception {
        final Path file = dir.resolve("out.jsonl");
        final FileOutput first = new FileOutput();
        first.start(context(file, 5));
        first.recover(null);
        first.write(lines(1));
        first.checkpointed(0);
        final Object state1 = first.checkpoint(1);
        first.write(lines(2));
        first.checkpoint(2);
        // The peer dies here: checkpoint 1 was complete (recorded) but never committed; 2 never completed.
        first.close();

        final FileOutput second = new FileOutput();
        second.start(context(file, 9));
        second.recover(state1);
        assertThat(Files.readAllLines(file)).containsExactly("{\"n\":1}");
        second.write(lines(2));
        second.checkpoint(1);
        second.checkpointed(1);
        assertThat(Files.readAllLines(file)).containsExactly("{\"n\":1}", "{\"n\":2}");
        second.close();
        try (var pending = Files.list(dir.resolve("out.jsonl.pending"))) {
            assertThat(pending.count()).as("epoch 2 of version 5 was discarded; 1 is kept for a recovery")
                .isLessThan(3);
        }
    }

    @Test
    void aCheckpointListingACommittedFileKeepsItForItsRecovery() throws Exception {
        final Path file = dir.resolve("out.jsonl");
        final FileOutput out = new FileOutput();
        out.start(context(file, 5));
        out.recover(null);
        out.write(lines(1));
        out.checkpoint(1);
        out.write(lines(2));
        // Barrier 2 passes before the announcement of checkpoint 1 is handled: state 2 lists both files.
        final Object state2 = out.checkpoint(2);
        out.checkpointed(1);
        out.checkpointed(2);
        out.close();
        final FileOutput recovered = new FileOutput();
        recovered.start(context(file, 9));
        recovered.recover(state2);
        assertThat(Files.readAllLines(file)).containsExactly("{\"n\":1}", "{\"n\":2}");
        recovered.close();
    }

    @Test
    void aCommitDoneTwiceWritesTheSameBytesInTheSamePlace() throws Exception {
        final Path file = dir.resolve("out.jsonl");
        final FileOutput zombie = new FileOutput();
        zombie.start(context(file, 5));
        zombie.recover(null);
        zombie.write(lines(1, 2));
        final Object state = zombie.checkpoint(1);
        // A new allocation recovers from checkpoint 1 and commits it; the paused peer then wakes and commits it too.
        final FileOutput recovered = new FileOutput();
        recovered.start(context(file, 9));
        recovered.recover(state);
        zombie.checkpointed(1);
        recovered.write(lines(3));
        recovered.checkpoint(1);
        recovered.checkpointed(1);
        assertThat(Files.readAllLines(file)).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        zombie.close();
        recovered.close();
    }
}
