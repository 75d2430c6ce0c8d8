package io.sardonyx.cli;

import io.sardonyx.api.Sardonyx;
import io.sardonyx.checkpoint.S3CheckpointStorage;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where checkpoints go: a directory every peer reaches, or S3-compatible object storage. */
final class CheckpointOptions {
    @Option(names = "--checkpoints", paramLabel = "DIR|s3://BUCKET/PREFIX",
        description = "Checkpoint storage; every peer of a cluster must reach the same. A directory, or s3://bucket/"
            + "prefix (credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, region from AWS_REGION). "
            + "Default: a temporary directory, deleted on exit.")
    String checkpoints;

    @Option(names = "--s3-endpoint", paramLabel = "URL",
        description = "The S3-compatible service (MinIO, Ceph...). Default: https://s3.<AWS_REGION>.amazonaws.com.")
    String s3Endpoint;

    /**
     * Configures the environment's checkpoint storage.
     *
     * @throws IllegalArgumentException naming what is missing (credentials, a bucket)
     */
    void apply(final Sardonyx.Builder builder) {
        if (checkpoints == null) {
            return;
        }
        if (!checkpoints.startsWith("s3://")) {
            builder.checkpoints(Path.of(checkpoints));
            return;
        }
        final String rest = checkpoints.substring("s3://".length());
        final int slash = rest.indexOf('/');
        final String bucket = slash < 0 ? rest : rest.substring(0, slash);
        final String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("--checkpoints " + checkpoints + " names no bucket: s3://bucket/prefix");
        }
        final String access = System.getenv("AWS_ACCESS_KEY_ID");
        final String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
        if (access == null || secret == null) {
            throw new IllegalArgumentException("--checkpoints " + checkpoints + " needs AWS_ACCESS_KEY_ID and "
                + "AWS_SECRET_ACCESS_KEY in the environment");
        }
        final String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
        final URI endpoint = URI.create(s3Endpoint != null ? s3Endpoint : "https://s3." + region + ".amazonaws.com");
        builder.checkpoints(new S3CheckpointStorage(endpoint, bucket, prefix.isEmpty() || prefix.endsWith("/")
            ? prefix : prefix + "/", new S3CheckpointStorage.S3Credentials(access, secret, region)));
    }
}
