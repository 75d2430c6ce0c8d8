package io.sardonyx.checkpoint;

import io.sardonyx.log.CheckpointLocation;
import io.sardonyx.log.LogParameters;
import io.sardonyx.log.store.LogStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenancy's checkpoint storage is one setting for the whole tenancy, like its job scheduler: the first peer group
 * records it in the log parameters, after writing a token there; every other process adopts it, and a peer group
 * proves at join that it reads that token, so a group that could not recover the tenancy's jobs never joins. A process
 * given another storage explicitly is refused, naming the tenancy's, unless the token proves it is the same storage
 * reached by another path (a shared directory mounted elsewhere).
 */
public final class TenancyStorage {
    private static final Logger LOG = LoggerFactory.getLogger(TenancyStorage.class);
    private static final String TOKEN = "token-";

    private TenancyStorage() {
    }

    /**
     * The storage a process uses and the parameters in force.
     *
     * @param storage    where this process reads and writes checkpoints
     * @param parameters the tenancy's parameters, naming the storage and its token
     */
    public record Binding(CheckpointStorage storage, LogParameters parameters) {
        /** The storage recorded for the tenancy, with its token. */
        public CheckpointLocation recorded() {
            return parameters.checkpointStorage();
        }
    }

    /**
     * Records or adopts the tenancy's storage.
     *
     * @param proposed  this process's job scheduler and entry format (its storage is ignored)
     * @param requested the storage this process was told to use, or null to use the tenancy's
     * @param fallback  opened when the tenancy has no storage yet and none was requested
     * @param env       where S3 credentials come from when the tenancy's storage is adopted
     * @throws IllegalStateException naming the tenancy's storage when the requested one is another
     * @throws IllegalArgumentException when the tenancy's storage cannot be opened here (S3 without credentials)
     * @throws CheckpointException when the token cannot be written
     */
    public static Binding bind(final LogStore store, final String tenancy, final LogParameters proposed,
                               final CheckpointStorage requested, final Supplier<CheckpointStorage> fallback,
                               final Map<String, String> env) throws CheckpointException {
        final LogParameters stored = store.storedParameters().orElse(null);
        if (stored != null && stored.checkpointStorage() != null) {
            return new Binding(choose(stored.checkpointStorage(), requested, tenancy, env), stored);
        }
        final CheckpointStorage mine = requested != null ? requested : fallback.get();
        final String token = UUID.randomUUID().toString();
        mine.writeMarker(TOKEN + token, token.getBytes(StandardCharsets.UTF_8));
        final LogParameters inForce = store.parameters(
            proposed.withCheckpointStorage(mine.location().withToken(token)));
        if (token.equals(inForce.checkpointStorage().token())) {
            LOG.info("tenancy {} keeps its checkpoints in {}", tenancy, inForce.checkpointStorage().describe());
            return new Binding(mine, inForce);
        }
        // Another process recorded the tenancy's storage first: this token names nothing.
        mine.deleteMarker(TOKEN + token);
        return new Binding(choose(inForce.checkpointStorage(), requested, tenancy, env), inForce);
    }

    /**
     * The storage recorded in the tenancy's parameters, opened here, or null when it records none (a tenancy created
     * by an earlier build, or none at all). For clients that read or delete checkpoints without joining.
     *
     * @param requested this process's explicit storage, or null
     * @throws IllegalStateException when the requested storage is not the tenancy's
     */
    public static CheckpointStorage adopt(final LogStore store, final String tenancy,
                                          final CheckpointStorage requested, final Map<String, String> env) {
        final LogParameters stored = store.storedParameters().orElse(null);
        if (stored == null || stored.checkpointStorage() == null) {
            return requested;
        }
        return choose(stored.checkpointStorage(), requested, tenancy, env);
    }

    private static CheckpointStorage choose(final CheckpointLocation recorded, final CheckpointStorage requested,
                                            final String tenancy, final Map<String, String> env) {
        if (requested == null) {
            return open(recorded, tenancy, env);
        }
        if (requested.location().sameStorage(recorded) || reads(requested, recorded.token())) {
            return requested;
        }
        throw new IllegalStateException("tenancy " + tenancy + " keeps its checkpoints in " + recorded.describe()
            + " (recorded by its first peer group), but this process was given " + requested.location().describe()
            + ", which is another storage (it holds no token " + recorded.token() + "). Leave out --checkpoints to use "
            + "the tenancy's storage, or give the path where " + recorded.location() + " is mounted on this machine");
    }

    /**
     * Proves this process reads the tenancy's storage: the token the first group wrote there reads back.
     *
     * @throws IllegalStateException naming the storage and the fix when it does not
     */
    public static void prove(final Binding binding, final String tenancy) {
        final CheckpointLocation recorded = binding.recorded();
        final String problem = tokenProblem(binding.storage(), recorded.token());
        if (problem != null) {
            throw new IllegalStateException("cannot join tenancy " + tenancy + ": its checkpoints are kept in "
                + recorded.describe() + ", but this process cannot read them at " + binding.storage().location()
                .describe() + " (" + problem + "). Every peer group of a tenancy must reach the same "
                + "checkpoint storage, or it could not recover the jobs it runs: mount the shared directory (at "
                + recorded.location() + ", or give its path here with --checkpoints DIR), or keep the tenancy's "
                + "checkpoints in object storage (--checkpoints s3://bucket/prefix)");
        }
    }

    private static boolean reads(final CheckpointStorage storage, final String token) {
        return token != null && tokenProblem(storage, token) == null;
    }

    /** Why the storage does not hold the token, or null when it does. */
    private static String tokenProblem(final CheckpointStorage storage, final String token) {
        try {
            return new String(storage.readMarker(TOKEN + token), StandardCharsets.UTF_8).equals(token) ? null
                : "marker " + TOKEN + token + " holds another token";
        } catch (final CheckpointException e) {
            return e.getMessage();
        }
    }

    /**
     * Opens a recorded storage: a directory, or S3 with credentials from {@code AWS_ACCESS_KEY_ID} and
     * {@code AWS_SECRET_ACCESS_KEY} (the region recorded, else {@code AWS_REGION}, else us-east-1).
     *
     * @throws IllegalArgumentException naming the missing credentials
     */
    public static CheckpointStorage open(final CheckpointLocation location, final String tenancy,
                                         final Map<String, String> env) {
        if (!location.s3()) {
            return new DirectoryCheckpointStorage(Path.of(location.location()), tenancy);
        }
        final String access = env.get("AWS_ACCESS_KEY_ID");
        final String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (access == null || secret == null) {
            throw new IllegalArgumentException("checkpoint storage " + location.describe() + " needs AWS_ACCESS_KEY_ID "
                + "and AWS_SECRET_ACCESS_KEY in the environment");
        }
        final String region = location.s3Region() != null ? location.s3Region()
            : env.getOrDefault("AWS_REGION", "us-east-1");
        return new S3CheckpointStorage(location, tenancy, new S3CheckpointStorage.S3Credentials(access, secret,
            region));
    }

    /**
     * Parses what a user gives: a directory (made absolute) or {@code s3://bucket/prefix}.
     *
     * @param s3Endpoint the S3-compatible service, or null for AWS
     * @throws IllegalArgumentException naming a location without a bucket
     */
    public static CheckpointLocation parse(final String spec, final String s3Endpoint, final String s3Region) {
        if (spec.startsWith("s3://")) {
            final CheckpointLocation location = new CheckpointLocation(spec, s3Endpoint, s3Region, null);
            if (location.bucket().isEmpty()) {
                throw new IllegalArgumentException("checkpoint storage " + spec + " names no bucket: use "
                    + "s3://bucket/prefix");
            }
            return location;
        }
        if (s3Endpoint != null) {
            throw new IllegalArgumentException("an S3 endpoint (" + s3Endpoint + ") was given, but checkpoint storage "
                + spec + " is a directory, not s3://bucket/prefix");
        }
        return CheckpointLocation.directory(Path.of(spec).toAbsolutePath().normalize().toString());
    }
}
