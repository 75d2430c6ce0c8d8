package io.sardonyx.log;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a tenancy keeps its checkpoints, as its first peer group recorded it in the log parameters: every group of
 * the tenancy uses this storage, and proves at join that it reads the token the first group wrote there. Credentials
 * are never part of it (each process takes its own from its environment). Pure.
 *
 * @param location   an absolute directory, or {@code s3://bucket/prefix}
 * @param s3Endpoint the S3-compatible service (null: AWS's endpoint for the region); only for {@code s3://}
 * @param s3Region   the region requests are signed for; only for {@code s3://}
 * @param token      the name of the marker the first group wrote in the storage (null before it is chosen)
 */
public record CheckpointLocation(String location, String s3Endpoint, String s3Region, String token) {
    private static final String S3 = "s3://";

    public CheckpointLocation {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("a checkpoint location needs a directory or s3://bucket/prefix");
        }
    }

    /** A directory (made absolute by the caller). */
    public static CheckpointLocation directory(final String absolutePath) {
        return new CheckpointLocation(absolutePath, null, null, null);
    }

    public boolean s3() {
        return location.startsWith(S3);
    }

    /** The bucket of an {@code s3://} location. */
    public String bucket() {
        final String rest = location.substring(S3.length());
        final int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** The key prefix of an {@code s3://} location: empty, or ending in '/'. */
    public String prefix() {
        final String rest = location.substring(S3.length());
        final int slash = rest.indexOf('/');
        final String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        return prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }

    /** The same location with a token. */
    public CheckpointLocation withToken(final String newToken) {
        return new CheckpointLocation(location, s3Endpoint, s3Region, newToken);
    }

    /** True when both name the same storage (the token aside). */
    public boolean sameStorage(final CheckpointLocation other) {
        return location.equals(other.location) && java.util.Objects.equals(s3Endpoint, other.s3Endpoint);
    }

    /** How a person reads it: the directory, or the bucket and prefix with the endpoint. */
    public String describe() {
        return s3Endpoint == null ? location : location + " at " + s3Endpoint;
    }

    /** The JSON form in the log parameters. */
    public Map<String, Object> toJson() {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("location", location);
        if (s3Endpoint != null) {
            out.put("s3-endpoint", s3Endpoint);
        }
        if (s3Region != null) {
            out.put("s3-region", s3Region);
        }
        if (token != null) {
            out.put("token", token);
        }
        return out;
    }

    /**
     * Reads the JSON form.
     *
     * @throws IllegalArgumentException naming what is missing or mistyped
     */
    public static CheckpointLocation fromJson(final Map<String, Object> json) {
        final JsonArgs args = new JsonArgs("checkpoint storage", json);
        return new CheckpointLocation(args.string("location"), args.optionalString("s3-endpoint"),
            args.optionalString("s3-region"), args.optionalString("token"));
    }
}
