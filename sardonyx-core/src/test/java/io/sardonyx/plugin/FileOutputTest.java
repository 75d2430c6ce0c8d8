package io.sardonyx.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.job.PackagePolicy;
import io.sardonyx.job.Task;
import io.sardonyx.usercode.UserCode;
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
        return context(file, version, 0, 1, "append");
    }

    private PluginContext context(final Path file, final long version, final int slot, final int peers,
                                  final String mode) {
        return new PluginContext("job", Task.output("out", "file").with("file/path", file.toString())
            .with("file/mode", mode).build(), slot, peers, 128, null,
            new UserCode(getClass().getClassLoader(), PackagePolicy.ANY), version,
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
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
        assertThat(file).doesNotExist();
        final Object state1 = out.checkpoint(1);
        out.write(lines(3));
        assertThat(file).as("prepared, not committed").doesNotExist();
        out.checkpointed(1);
        assertThat(Files.readAllLines(file)).containsExactly("{\"n\":1}", "{\"n\":2}");
        out.checkpoint(2);
        out.checkpointed(2);
        assertThat(Files.readAllLines(file)).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        out.close();
        final Map<?, ?> own = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) state1).get("files")).get("out.jsonl");
        assertThat(own.get("committed")).isEqualTo(0L);
        assertThat((List<?>) own.get("pending")).hasSize(1);
        assertThat(((List<?>) ((List<?>) own.get("pending")).get(0)).get(1)).as("its size").isEqualTo(16L);
        assertThat(dir.resolve("out.jsonl.pending")).as("every pending file committed and deleted").doesNotExist();
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
        assertThat(dir.resolve("out.jsonl.pending")).as("epoch 2 of version 5 was discarded, 1 committed")
            .doesNotExist();
    }

    @Test
    void aRecoveryAfterTheCommitDeletedThePendingFileFindsItsBytesInTheFile() throws Exception {
        final Path file = dir.resolve("out.jsonl");
        final FileOutput first = new FileOutput();
        first.start(context(file, 5));
        first.recover(null);
        first.write(lines(1));
        final Object state1 = first.checkpoint(1);
        first.checkpointed(1);
        first.write(lines(2));
        first.checkpoint(2);
        first.checkpointed(2);
        first.close();
        // Checkpoint 2's blob turned out unreadable: the job goes back to 1, whose pending file is long gone.
        final FileOutput second = new FileOutput();
        second.start(context(file, 9));
        second.recover(state1);
        assertThat(Files.readAllLines(file)).containsExactly("{\"n\":1}");
        second.close();
    }

    @Test
    void appendKeepsWhatTheFileHeldOverwriteEmptiesItFailIfExistsRefuses() throws Exception {
        final Path file = dir.resolve("out.jsonl");
        Files.writeString(file, "{\"n\":0}\n");
        final FileOutput append = new FileOutput();
        append.start(context(file, 1));
        append.recover(null);
        append.write(lines(1));
        append.checkpoint(1);
        append.checkpointed(1);
        append.close();
        assertThat(Files.readAllLines(file)).containsExactly("{\"n\":0}", "{\"n\":1}");

        final FileOutput overwrite = new FileOutput();
        overwrite.start(context(file, 1, 0, 1, "overwrite"));
        overwrite.recover(null);
        overwrite.write(lines(2));
        overwrite.checkpoint(1);
        overwrite.checkpointed(1);
        overwrite.close();
        assertThat(Files.readAllLines(file)).containsExactly("{\"n\":2}");

        final FileOutput careful = new FileOutput();
        careful.start(context(file, 1, 0, 1, "fail-if-exists"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> careful.recover(null))
            .hasMessageContaining(file.toString()).hasMessageContaining("fail-if-exists");
        careful.close();
        assertThat(Files.readAllLines(file)).containsExactly("{\"n\":2}");
    }

    @Test
    void aSlotThatWritesNothingLeavesNoFile() throws Exception {
        final Path file = dir.resolve("out.jsonl");
        final FileOutput idle = new FileOutput();
        idle.start(context(file, 1, 1, 2, "append"));
        idle.recover(null);
        idle.checkpoint(1);
        idle.checkpointed(1);
        idle.close();
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void shrinkingAndGrowingThePeerCountKeepsEveryFileExact() throws Exception {
        final Path file = dir.resolve("out.jsonl");
        // Two peers write out-0 and out-1; checkpoint 1 completes, but only slot 0 committed it before both died.
        final FileOutput a = new FileOutput();
        final FileOutput b = new FileOutput();
        a.start(context(file, 1, 0, 2, "append"));
        b.start(context(file, 1, 1, 2, "append"));
        a.recover(null);
        b.recover(null);
        a.write(lines(1));
        b.write(lines(2));
        final Object a1 = a.checkpoint(1);
        final Object b1 = b.checkpoint(1);
        a.checkpointed(1);
        b.write(lines(99));
        b.checkpoint(2);
        a.close();
        b.close();
        // One peer is left: it finishes out-1's commit, keeps both lengths, and writes out.jsonl.
        final FileOutput one = new FileOutput();
        one.start(context(file, 2, 0, 1, "append"));
        one.recover(one.rescale(List.of(a1, b1)));
        assertThat(Files.readAllLines(dir.resolve("out-0.jsonl"))).containsExactly("{\"n\":1}");
        assertThat(Files.readAllLines(dir.resolve("out-1.jsonl"))).containsExactly("{\"n\":2}");
        one.write(lines(3));
        final Object solo = one.checkpoint(1);
        one.checkpointed(1);
        one.close();
        assertThat(Files.readAllLines(file)).containsExactly("{\"n\":3}");
        // Two peers again: slot 1 takes out-1.jsonl back at its known length, slot 0 keeps the rest.
        final FileOutput c = new FileOutput();
        final FileOutput d = new FileOutput();
        c.start(context(file, 3, 0, 2, "overwrite"));
        d.start(context(file, 3, 1, 2, "overwrite"));
        c.recover(c.rescale(List.of(solo)));
        d.recover(d.rescale(List.of(solo)));
        d.write(lines(4));
        d.checkpoint(1);
        d.checkpointed(1);
        assertThat(Files.readAllLines(dir.resolve("out-1.jsonl"))).as("overwrite applies only to files the job has "
            + "not written").containsExactly("{\"n\":2}", "{\"n\":4}");
        assertThat(Files.readAllLines(dir.resolve("out-0.jsonl"))).containsExactly("{\"n\":1}");
        assertThat(Files.readAllLines(file)).containsExactly("{\"n\":3}");
        c.close();
        d.close();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).as("no pending directory is left")
                .containsExactlyInAnyOrder("out.jsonl", "out-0.jsonl", "out-1.jsonl");
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

    @Test
    void aForgedCheckpointCanNeitherReadNorDeleteAFileOutsideThePendingDirectory() throws Exception {
        final Path file = dir.resolve("out.jsonl");
        final Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "do not read me\n");
        final Path elsewhere = Files.createDirectories(dir.resolve("elsewhere")).resolve("1-1-1.jsonl");
        Files.writeString(elsewhere, "nor me\n");
        for (final String forged : List.of(secret.toString(), "../secret.txt", "../elsewhere/1-1-1.jsonl",
            "..", "1-1-1.jsonl/../../secret.txt")) {
            final FileOutput out = new FileOutput();
            out.start(context(file, 9));
            final Map<String, Object> state = Map.of("writes", 1L, "files", Map.of("out.jsonl",
                Map.of("committed", 0L, "pending", List.of(List.of(forged, 15L)))));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> out.recover(state)).as(forged)
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("refusing to read or delete it")
                .hasMessageContaining(forged);
            out.close();
        }
        final FileOutput named = new FileOutput();
        named.start(context(file, 9));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> named.recover(Map.of("writes", 1L, "files",
            Map.of("../secret.txt", Map.of("committed", 0L, "pending", List.of())))))
            .hasMessageContaining("which this output does not write");
        named.close();
        assertThat(Files.readString(secret)).isEqualTo("do not read me\n");
        assertThat(Files.readString(elsewhere)).isEqualTo("nor me\n");
        assertThat(Files.exists(file) ? Files.readString(file) : "").as("nothing reached the output").isEmpty();
    }
}
