package io.sardonyx.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sardonyx.log.store.EmbeddedZooKeeper;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The environment keeps a copy of its configuration, deletes only what it made, closes every part even when one
 * fails, and keeps the tenancy's checkpoints where the tenancy recorded them.
 */
class SardonyxEnvironmentTest {
    @TempDir
    Path dir;

    private static boolean listening(final String connectString) {
        final int colon = connectString.lastIndexOf(':');
        try (Socket socket = new Socket(connectString.substring(0, colon),
            Integer.parseInt(connectString.substring(colon + 1)))) {
            return socket.isConnected();
        } catch (final IOException e) {
            return false;
        }
    }

    @Test
    void aBuilderUsedAgainWithTheUsersDirectoryNeverDeletesIt() throws Exception {
        final Sardonyx.Builder builder = Sardonyx.builder();
        final Path madeCheckpoints;
        final String firstZooKeeper;
        try (Sardonyx first = builder.build()) {
            assertThat(first.checkpointStorage()).as("no peer group yet: nothing recorded").isEmpty();
            first.startPeers(1);
            madeCheckpoints = first.checkpointDirectory().orElseThrow().getParent();
            firstZooKeeper = first.zookeeper();
            assertThat(madeCheckpoints).exists();
        }
        assertThat(madeCheckpoints).as("the temporary checkpoint directory it made is gone").doesNotExist();
        assertThat(listening(firstZooKeeper)).as("its embedded ZooKeeper stopped").isFalse();

        final Path mine = Files.createDirectories(dir.resolve("my-zookeeper"));
        final Path keep = Files.writeString(mine.resolve("keep.txt"), "mine");
        try (Sardonyx second = builder.embeddedDataDir(mine).build()) {
            second.startPeers(1);
            assertThat(second.checkpointStorage().orElseThrow()).as("a durable ZooKeeper gets durable checkpoints")
                .isEqualTo(SardonyxHome.checkpoints().toString());
        }
        assertThat(keep).as("a directory the user gave is never deleted").hasContent("mine");
        try (var files = Files.list(mine)) {
            assertThat(files.count()).as("the ZooKeeper data in it stays").isGreaterThan(1);
        }
        assertThat(SardonyxHome.checkpoints()).as("nor the shared checkpoint directory").exists();
    }

    @Test
    void laterCallsOnTheBuilderDoNotChangeABuiltInstance() {
        final Sardonyx.Builder builder = Sardonyx.builder().tenancy("one").checkpoints(dir.resolve("a"));
        try (Sardonyx built = builder.build()) {
            builder.tenancy("two").checkpoints(dir.resolve("b")).embeddedDataDir(dir.resolve("zk"));
            assertThat(built.tenancy()).isEqualTo("one");
            built.startPeers(1);
            assertThat(built.checkpointDirectory()).contains(dir.resolve("a").resolve("one"));
            assertThat(dir.resolve("b")).doesNotExist();
        }
        assertThat(dir.resolve("a")).as("a checkpoint directory the user gave stays").exists();
        assertThat(dir.resolve("zk")).doesNotExist();
    }

    @Test
    void everyPartIsClosedEvenWhenOneFailsAndTheFirstFailureCarriesTheOthers() {
        final List<String> closed = new ArrayList<>();
        final Closing closing = new Closing().then("the first part", () -> {
            closed.add("first");
            throw new IOException("disk gone");
        }).then("the second part", () -> closed.add("second")).then("the third part", () -> {
            closed.add("third");
            throw new IllegalStateException("already broken");
        });
        assertThat(closed).containsExactly("first", "second", "third");
        assertThatThrownBy(closing::done).hasMessage("cannot close the first part: disk gone")
            .satisfies(e -> assertThat(e.getSuppressed()).singleElement().extracting(Throwable::getMessage)
                .isEqualTo("cannot close the third part: already broken"));
        new Closing().then("a part", () -> { }).done();
    }

    @Test
    void theTenancysStorageIsAdoptedAnotherIsRefusedAndAGroupThatCannotReadItNeverJoins() throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start("127.0.0.1", 0, dir.resolve("zk"));
             Sardonyx client = Sardonyx.builder().zookeeper(zk.connectString()).build();
             Sardonyx first = Sardonyx.builder().zookeeper(zk.connectString()).checkpoints(dir.resolve("shared"))
                 .build()) {
            assertThat(client.checkpointStorage()).as("a client records no storage").isEmpty();
            first.startPeers(1);
            assertThat(client.checkpointStorage().orElseThrow()).as("it adopts the first group's").isEqualTo(
                dir.resolve("shared").toString());
            try (Sardonyx adopter = Sardonyx.builder().zookeeper(zk.connectString()).build()) {
                assertThat(adopter.checkpointDirectory()).contains(dir.resolve("shared").resolve("default"));
                adopter.startPeers(1);
            }
            assertThatThrownBy(() -> Sardonyx.builder().zookeeper(zk.connectString())
                .checkpoints(dir.resolve("other")).build())
                .hasMessageContaining("tenancy default keeps its checkpoints in " + dir.resolve("shared"))
                .hasMessageContaining("this process was given " + dir.resolve("other"));

            // As on a machine where the recorded directory is not the shared one: the token is not there.
            try (var tokens = Files.list(dir.resolve("shared/default/.tenancy"))) {
                for (final Path token : tokens.toList()) {
                    Files.move(token, dir.resolve(token.getFileName()));
                }
            }
            try (Sardonyx stranger = Sardonyx.builder().zookeeper(zk.connectString()).build()) {
                final List<String> before = List.of(first.peers().get(0).id());
                org.awaitility.Awaitility.await("the stranger reads the log").atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> stranger.cluster().groups().equals(before));
                assertThatThrownBy(() -> stranger.startPeers(1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot join tenancy default: its checkpoints are kept in "
                        + dir.resolve("shared"))
                    .hasMessageContaining("mount the shared directory");
                assertThat(stranger.peers()).isEmpty();
                assertThat(stranger.cluster().groups()).as("it never joined").isEqualTo(before);
            }
        }
    }
}
