package io.sardonyx.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 storage against a real S3-compatible server (s3rver, which checks Signature Version 4): blobs round-trip,
 * and a missing, truncated or corrupted object is detected. {@code .ci/run} installs s3rver from npm; set
 * SARDONYX_S3RVER to its binary to run this elsewhere.
 */
class S3CheckpointStorageTest {
    private static final Path S3RVER = Path.of(System.getenv().getOrDefault("SARDONYX_S3RVER",
        System.getProperty("user.home") + "/.cache/sardonyx-s3rver/node_modules/.bin/s3rver"));

    @TempDir
    Path dir;
    private Process server;
    private S3CheckpointStorage storage;
    private int port;

    @BeforeEach
    void start() throws Exception {
        if (!Files.isExecutable(S3RVER)) {
            throw new IllegalStateException("s3rver is not installed at " + S3RVER + "; install it with: npm install "
                + "--prefix ~/.cache/sardonyx-s3rver s3rver@3.7.1 (or set SARDONYX_S3RVER)");
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = new ProcessBuilder(S3RVER.toString(), "-d", dir.resolve("s3").toString(), "-a", "127.0.0.1", "-p",
            Integer.toString(port), "--silent").redirectErrorStream(true).redirectOutput(dir.resolve("s3rver.log")
            .toFile()).start();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> listening(port));
        storage = new S3CheckpointStorage(URI.create("http://127.0.0.1:" + port), "checkpoints", "sardonyx/",
            new S3CheckpointStorage.S3Credentials("S3RVER", "S3RVER", "us-east-1"));
        storage.createBucket();
        storage.createBucket();
    }

    private static boolean listening(final int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return socket.isConnected();
        } catch (final IOException e) {
            return false;
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroyForcibly();
        }
    }

    private Path objectFile(final BlobKey key) throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("s3"))) {
            return files.filter(p -> p.toString().contains(key.task() + "/" + key.slot() + ".blob")
                && p.getFileName().toString().endsWith("._S3rver_object")).findFirst().orElseThrow();
        }
    }

    @Test
    void blobsRoundTripAndDamageIsDetected() throws Exception {
        final BlobKey key = new BlobKey("job-1", 4, 2, "in", 0);
        final Object state = Map.of("offset", 99L, "list", List.of("a", "b"));
        storage.write(key, StateCodec.encode(state));
        assertThat(StateCodec.decode(storage.read(key))).isEqualTo(state);

        final Path object = objectFile(key);
        final byte[] bytes = Files.readAllBytes(object);
        final byte[] flipped = bytes.clone();
        flipped[flipped.length - 2] ^= 0x01;
        Files.write(object, flipped);
        assertThatThrownBy(() -> storage.read(key)).isInstanceOf(CheckpointException.class)
            .hasMessageContaining("corrupt");
        Files.write(object, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        assertThatThrownBy(() -> storage.read(key)).hasMessageContaining("truncated");

        storage.delete("job-1", 4, 2);
        assertThatThrownBy(() -> storage.read(key)).hasMessageContaining("is missing");
        assertThatThrownBy(() -> storage.read(new BlobKey("job-1", 4, 3, "in", 0))).hasMessageContaining("missing");
    }

    /**
     * s3rver does not check Signature Version 4 (it accepts any), so the signer is checked against AWS's published
     * example (GET Bucket Lifecycle, in the S3 API reference's "Signature Calculations" examples).
     */
    @Test
    void signaturesMatchAwsPublishedExample() {
        final String authorization = S3CheckpointStorage.authorization(new S3CheckpointStorage.S3Credentials(
                "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1"), "GET",
            "examplebucket.s3.amazonaws.com", "/", S3CheckpointStorage.canonicalQuery(Map.of("lifecycle", "")),
            S3CheckpointStorage.hex(S3CheckpointStorage.sha256(new byte[0])), "20130524T000000Z");
        assertThat(authorization).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
            + "aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
            + "Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
    }

}
