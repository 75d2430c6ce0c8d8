package io.sardonyx.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sardonyx.client.Sardonyx;
import io.sardonyx.log.store.EmbeddedZooKeeper;
import io.sardonyx.log.store.LogStoreException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A peer group pointed at a ZooKeeper that is not there: a clear error in seconds, or retries until it is up. */
class UnreachableZooKeeperTest {
    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void failsWithinTheTimeoutNamingTheAddress() throws Exception {
        final String address = "127.0.0.1:" + freePort();
        final long start = System.nanoTime();
        assertThatThrownBy(() -> Sardonyx.builder().zookeeper(address).sessionTimeoutMs(1500).build())
            .isInstanceOf(LogStoreException.class)
            .hasMessageContaining("cannot connect to ZooKeeper at " + address);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
    }

    @Test
    void retriesAndJoinsOnceZooKeeperIsUp(@TempDir final Path dir) throws Exception {
        final int port = freePort();
        final List<String> retries = new CopyOnWriteArrayList<>();
        final CompletableFuture<Sardonyx> started = CompletableFuture.supplyAsync(() -> Sardonyx.builder()
            .zookeeper("127.0.0.1:" + port).sessionTimeoutMs(1000)
            .awaitZooKeeper(Duration.ofSeconds(60), retries::add).build());
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !retries.isEmpty());
        try (EmbeddedZooKeeper server = EmbeddedZooKeeper.start("127.0.0.1", port, dir);
             Sardonyx sardonyx = started.get(60, TimeUnit.SECONDS)) {
            sardonyx.startPeers(1);
            Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> sardonyx.cluster().peers().size() == 1);
            assertThat(retries.get(0)).contains("cannot connect to ZooKeeper at 127.0.0.1:" + port)
                .endsWith("retrying");
            assertThat(server.connectString()).endsWith(":" + port);
        }
    }
}
