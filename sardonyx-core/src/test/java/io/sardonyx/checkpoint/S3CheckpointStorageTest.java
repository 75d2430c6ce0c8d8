package io.sardonyx.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sardonyx.log.CheckpointLocation;
import io.sardonyx.log.store.InMemoryLog;
import io.sardonyx.log.LogParameters;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The S3 storage against a real S3-compatible server started in this JVM (S3Proxy over jclouds' transient in-memory
 * store, accepting only Signature Version 4 from one key pair): blobs and markers round-trip, sizes and deletions
 * work, a missing, truncated or corrupted object is detected, and a request signed with the wrong secret is refused.
 */
class S3CheckpointStorageTest {
    private static final String ACCESS = "sardonyx-test-access";
    private static final String SECRET = "sardonyx-test-secret/with+odd=characters";
    private static final String BUCKET = "checkpoints";

    private static BlobStoreContext context;
    private static S3Proxy proxy;
    private static URI endpoint;

    @BeforeAll
    static void start() throws Exception {
        context = ContextBuilder.newBuilder("transient").credentials("unused", "unused")
            .buildView(BlobStoreContext.class);
        proxy = S3Proxy.builder().blobStore(context.getBlobStore())
            .awsAuthentication(AuthenticationType.AWS_V4, ACCESS, SECRET)
            .endpoint(URI.create("http://127.0.0.1:0")).build();
        proxy.start();
        Awaitility.await("S3Proxy starts").atMost(Duration.ofSeconds(30))
            .until(() -> "STARTED".equals(proxy.getState()));
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
        }
        if (context != null) {
            context.close();
        }
    }

    private static S3CheckpointStorage storage(final String tenancy, final String secret) throws Exception {
        final S3CheckpointStorage storage = new S3CheckpointStorage(new CheckpointLocation("s3://" + BUCKET
            + "/sardonyx", endpoint.toString(), null, null), tenancy,
            new S3CheckpointStorage.S3Credentials(ACCESS, secret, "us-east-1"));
        return storage;
    }

    /** The object whose key ends so, read from the server's own store. */
    private static String objectKey(final String suffix) {
        final BlobStore store = context.getBlobStore();
        for (final StorageMetadata m : store.list(BUCKET, ListContainerOptions.Builder.recursive())) {
            if (m.getName().endsWith(suffix)) {
                return m.getName();
            }
        }
        throw new AssertionError("no object ending in " + suffix);
    }

    private static byte[] objectBytes(final String key) throws Exception {
        final Blob blob = context.getBlobStore().getBlob(BUCKET, key);
        try (InputStream in = blob.getPayload().openStream()) {
            return in.readAllBytes();
        }
    }

    private static void replaceObject(final String key, final byte[] bytes) {
        final BlobStore store = context.getBlobStore();
        store.putBlob(BUCKET, store.blobBuilder(key).payload(bytes).build());
    }

    @Test
    void blobsRoundTripAndDamageIsDetected() throws Exception {
        final S3CheckpointStorage storage = storage("blobs", SECRET);
        storage.createBucket();
        storage.createBucket();
        final BlobKey key = new BlobKey("job-1", 4, 2, "in", 0);
        final Object state = Map.of("offset", 99L, "list", List.of("a", "b"));
        storage.write(key, StateCodec.encode(state));
        assertThat(StateCodec.decode(storage.read(key))).isEqualTo(state);
        final String object = objectKey("blobs/job-1/4-2/in/0.blob");
        assertThat(object).isEqualTo("sardonyx/blobs/job-1/4-2/in/0.blob");
        assertThat(storage.size(key)).isEqualTo(objectBytes(object).length);

        final byte[] bytes = objectBytes(object);
        final byte[] flipped = bytes.clone();
        flipped[flipped.length - 2] ^= 0x01;
        replaceObject(object, flipped);
        assertThatThrownBy(() -> storage.read(key)).isInstanceOf(CheckpointException.class)
            .hasMessageContaining("corrupt");
        replaceObject(object, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        assertThatThrownBy(() -> storage.read(key)).hasMessageContaining("truncated");

        storage.delete("job-1", 4, 2);
        assertThatThrownBy(() -> storage.read(key)).hasMessageContaining("is missing");
        assertThatThrownBy(() -> storage.size(key)).hasMessageContaining("is missing");
        assertThatThrownBy(() -> storage.read(new BlobKey("job-1", 4, 3, "in", 0))).hasMessageContaining("missing");
    }

    @Test
    void aJobsCheckpointsAndMarkersAreDeletedByTheirOwnKeysOnly() throws Exception {
        final S3CheckpointStorage storage = storage("jobs", SECRET);
        storage.createBucket();
        for (int epoch = 1; epoch <= 3; epoch++) {
            storage.write(new BlobKey("job-a", 1, epoch, "in", 0), StateCodec.encode((long) epoch));
            storage.write(new BlobKey("job-ab", 1, epoch, "in", 0), StateCodec.encode((long) epoch));
        }
        storage.writeMarker("token-x", "x".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(storage.readMarker("token-x"), StandardCharsets.UTF_8)).isEqualTo("x");
        storage.deleteJob("job-a");
        assertThatThrownBy(() -> storage.read(new BlobKey("job-a", 1, 3, "in", 0))).hasMessageContaining("missing");
        assertThat(StateCodec.decode(storage.read(new BlobKey("job-ab", 1, 3, "in", 0))))
            .as("a job whose id starts like the deleted one's keeps its checkpoints").isEqualTo(3L);
        assertThat(storage.readMarker("token-x")).isNotEmpty();
        storage.deleteMarker("token-x");
        assertThatThrownBy(() -> storage.readMarker("token-x")).hasMessageContaining("missing");
    }

    @Test
    void aTenancyRecordsItsS3StorageAndAnotherProcessProvesItReadsIt() throws Exception {
        final S3CheckpointStorage first = storage("tenancy", SECRET);
        first.createBucket();
        final InMemoryLog log = new InMemoryLog();
        final TenancyStorage.Binding bound = TenancyStorage.bind(log, "tenancy", LogParameters.DEFAULT, first,
            () -> {
                throw new AssertionError("a storage was given");
            }, Map.of());
        assertThat(bound.recorded().location()).isEqualTo("s3://" + BUCKET + "/sardonyx");
        assertThat(bound.recorded().s3Endpoint()).isEqualTo(endpoint.toString());
        assertThat(bound.recorded().token()).isNotNull();
        TenancyStorage.prove(bound, "tenancy");

        // Another process adopts the recorded storage with credentials from its environment.
        final TenancyStorage.Binding adopted = TenancyStorage.bind(log, "tenancy", LogParameters.DEFAULT, null,
            () -> {
                throw new AssertionError("the tenancy has a storage");
            }, Map.of("AWS_ACCESS_KEY_ID", ACCESS, "AWS_SECRET_ACCESS_KEY", SECRET));
        assertThat(adopted.storage()).isInstanceOf(S3CheckpointStorage.class);
        TenancyStorage.prove(adopted, "tenancy");
        assertThatThrownBy(() -> TenancyStorage.bind(log, "tenancy", LogParameters.DEFAULT, null, () -> null,
            Map.of())).hasMessageContaining("needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    }

    @Test
    void aRequestSignedWithTheWrongSecretIsRefused() throws Exception {
        storage("signed", SECRET).createBucket();
        final S3CheckpointStorage forged = storage("signed", "not-the-secret");
        assertThatThrownBy(() -> forged.write(new BlobKey("job-1", 1, 1, "in", 0), new byte[] {1}))
            .isInstanceOf(CheckpointException.class).hasMessageContaining("HTTP 403");
    }

    /** The signer against AWS's published example (GET Bucket Lifecycle, in the S3 API reference's examples). */
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
