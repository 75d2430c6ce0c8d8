package io.sardonyx.cli;

import io.sardonyx.client.Sardonyx;
import io.sardonyx.checkpoint.CheckpointStorage;
import io.sardonyx.checkpoint.TenancyStorage;
import picocli.CommandLine.Option;

/**
 * Where checkpoints go: one storage per tenancy, recorded in its log by its first peer group. Without the option a
 * process adopts the tenancy's; the first peer group of a tenancy records {@code ~/.sardonyx/checkpoints}.
 */
final class CheckpointOptions {
    @Option(names = "--checkpoints", paramLabel = "DIR|s3://BUCKET/PREFIX",
        description = {"Checkpoint storage of the tenancy: a directory every peer group reaches, or s3://bucket/prefix "
            + "(credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, region from AWS_REGION).",
            "Default: the storage the tenancy's first peer group recorded; for a new tenancy, ~/.sardonyx/checkpoints "
                + "(a temporary directory for 'run' on an embedded environment). A storage other than the tenancy's "
                + "is refused."})
    String checkpoints;

    @Option(names = "--s3-endpoint", paramLabel = "URL",
        description = "The S3-compatible service (MinIO, Ceph...). Default: https://s3.<AWS_REGION>.amazonaws.com.")
    String s3Endpoint;

    /**
     * Configures the environment's checkpoint storage, when one was given.
     *
     * @throws IllegalArgumentException naming what is wrong (no bucket, an endpoint for a directory)
     */
    void apply(final Sardonyx.Builder builder) {
        checkEndpoint();
        if (checkpoints != null) {
            builder.checkpoints(checkpoints, s3Endpoint);
        }
    }

    private void checkEndpoint() {
        if (checkpoints == null && s3Endpoint != null) {
            throw new IllegalArgumentException("--s3-endpoint " + s3Endpoint
                + " needs --checkpoints s3://bucket/prefix");
        }
    }

    /**
     * The storage given, opened for a tenancy, or null when none was.
     *
     * @throws IllegalArgumentException naming what is wrong or missing (S3 credentials)
     */
    CheckpointStorage open(final String tenancy) {
        checkEndpoint();
        if (checkpoints == null) {
            return null;
        }
        return TenancyStorage.open(TenancyStorage.parse(checkpoints, s3Endpoint, System.getenv("AWS_REGION")),
            tenancy, System.getenv());
    }
}
