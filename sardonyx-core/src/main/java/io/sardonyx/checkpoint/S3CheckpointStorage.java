package io.sardonyx.checkpoint;

import io.sardonyx.log.CheckpointLocation;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checkpoints in S3-compatible object storage (AWS S3, MinIO, Ceph...), path-style, signed with AWS Signature
 * Version 4: objects {@code <prefix><tenancy>/<job>/<version>-<epoch>/<task>/<slot>.blob} and the tenancy's markers
 * under {@code <prefix><tenancy>/.tenancy/}, each framed and verified like the directory storage's. An object store
 * writes whole objects only, so a blob is whole or absent.
 */
public final class S3CheckpointStorage implements CheckpointStorage {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Pattern KEY = Pattern.compile("<Key>([^<]*)</Key>");
    private static final Pattern TOKEN = Pattern.compile("<NextContinuationToken>([^<]*)</NextContinuationToken>");

    private final CheckpointLocation location;
    private final URI endpoint;
    private final String bucket;
    private final String prefix;
    private final S3Credentials credentials;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param location    {@code s3://bucket/prefix}, with the endpoint (null: AWS's for the credentials' region);
     *                    the bucket must exist, or be creatable with {@link #createBucket()}
     * @param tenancy     the tenancy whose checkpoints live below the prefix
     * @param credentials access key, secret key and region to sign with
     */
    public S3CheckpointStorage(final CheckpointLocation location, final String tenancy,
                               final S3Credentials credentials) {
        if (!location.s3() || location.bucket().isEmpty()) {
            throw new IllegalArgumentException("checkpoint location " + location.location() + " is not "
                + "s3://bucket/prefix");
        }
        this.location = new CheckpointLocation(location.location(), location.s3Endpoint(), credentials.region(),
            null);
        this.endpoint = URI.create((location.s3Endpoint() != null ? location.s3Endpoint()
            : "https://s3." + credentials.region() + ".amazonaws.com").replaceAll("/+$", ""));
        this.bucket = location.bucket();
        this.prefix = location.prefix() + PathNames.safe(tenancy) + "/";
        this.credentials = credentials;
    }

    @Override
    public CheckpointLocation location() {
        return location;
    }

    /** The access key, secret key and region requests are signed with. */
    public record S3Credentials(String accessKey, String secretKey, String region) {
        @Override
        public String toString() {
            return "S3Credentials[" + accessKey + ", region " + region + "]";
        }
    }

    private String objectKey(final String jobId, final long version, final long epoch) {
        return prefix + PathNames.safe(jobId) + "/" + version + "-" + epoch + "/";
    }

    private String objectKey(final BlobKey key) {
        return objectKey(key.jobId(), key.version(), key.epoch()) + PathNames.safe(key.task()) + "/" + key.slot()
            + ".blob";
    }

    /**
     * Creates the bucket; one that exists already is fine.
     *
     * @throws CheckpointException naming the bucket and the service's answer otherwise
     */
    public void createBucket() throws CheckpointException {
        final HttpResponse<byte[]> response = send("PUT", "/" + bucket, Map.of(), new byte[0]);
        if (response.statusCode() != 200 && response.statusCode() != 409) {
            throw failure("cannot create bucket " + bucket, response);
        }
    }

    @Override
    public void write(final BlobKey key, final byte[] payload) throws CheckpointException {
        put(objectKey(key), payload, "checkpoint blob " + key);
    }

    @Override
    public byte[] read(final BlobKey key) throws CheckpointException {
        return get(objectKey(key), "checkpoint blob " + key);
    }

    @Override
    public long size(final BlobKey key) throws CheckpointException {
        final String path = "/" + bucket + "/" + objectKey(key);
        final HttpResponse<byte[]> response = found(send("HEAD", path, Map.of(), new byte[0]),
            "checkpoint blob " + key, path);
        return response.headers().firstValueAsLong("Content-Length").orElseThrow(() -> new CheckpointException(
            "the size of checkpoint blob " + key + " at " + endpoint + path + " is not given (no Content-Length)"));
    }

    private String markerKey(final String name) {
        return prefix + ".tenancy/" + PathNames.safe(name);
    }

    @Override
    public void writeMarker(final String name, final byte[] payload) throws CheckpointException {
        put(markerKey(name), payload, "marker " + name);
    }

    @Override
    public byte[] readMarker(final String name) throws CheckpointException {
        return get(markerKey(name), "marker " + name);
    }

    private void put(final String key, final byte[] payload, final String what) throws CheckpointException {
        final HttpResponse<byte[]> response = send("PUT", "/" + bucket + "/" + key, Map.of(), BlobFrame.wrap(payload));
        if (response.statusCode() != 200) {
            throw failure("cannot write " + what, response);
        }
    }

    /** An object's payload, its frame verified. */
    private byte[] get(final String key, final String what) throws CheckpointException {
        final String path = "/" + bucket + "/" + key;
        final HttpResponse<byte[]> response = found(send("GET", path, Map.of(), new byte[0]), what, path);
        return BlobFrame.unwrap(response.body(), what + " at " + endpoint + path);
    }

    /** The response of a request for an object that must exist. */
    private HttpResponse<byte[]> found(final HttpResponse<byte[]> response, final String what, final String path)
        throws CheckpointException {
        if (response.statusCode() == 404) {
            throw new CheckpointException(what + " is missing: no object " + endpoint + path);
        }
        if (response.statusCode() != 200) {
            throw failure("cannot read " + what, response);
        }
        return response;
    }

    @Override
    public void deleteMarker(final String name) throws CheckpointException {
        deleteObjects(List.of(markerKey(name)));
    }

    @Override
    public void deleteJob(final String jobId) throws CheckpointException {
        deleteObjects(list(prefix + PathNames.safe(jobId) + "/"));
    }

    @Override
    public void delete(final String jobId, final long version, final long epoch) throws CheckpointException {
        deleteObjects(list(objectKey(jobId, version, epoch)));
    }

    private void deleteObjects(final List<String> keys) throws CheckpointException {
        for (final String key : keys) {
            final HttpResponse<byte[]> response = send("DELETE", "/" + bucket + "/" + key, Map.of(), new byte[0]);
            if (response.statusCode() != 204 && response.statusCode() != 200 && response.statusCode() != 404) {
                throw failure("cannot delete " + key, response);
            }
        }
    }

    private List<String> list(final String keyPrefix) throws CheckpointException {
        final List<String> keys = new ArrayList<>();
        String token = null;
        do {
            final Map<String, String> query = new TreeMap<>();
            query.put("list-type", "2");
            query.put("prefix", keyPrefix);
            if (token != null) {
                query.put("continuation-token", token);
            }
            final HttpResponse<byte[]> response = send("GET", "/" + bucket, query, new byte[0]);
            if (response.statusCode() != 200) {
                throw failure("cannot list " + keyPrefix, response);
            }
            final String xml = new String(response.body(), StandardCharsets.UTF_8);
            final Matcher m = KEY.matcher(xml);
            while (m.find()) {
                keys.add(unescapeXml(m.group(1)));
            }
            final Matcher next = TOKEN.matcher(xml);
            token = xml.contains("<IsTruncated>true</IsTruncated>") && next.find() ? next.group(1) : null;
        } while (token != null);
        return keys;
    }

    private static String unescapeXml(final String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
            .replace("&amp;", "&");
    }

    private CheckpointException failure(final String what, final HttpResponse<byte[]> response) {
        final String body = new String(response.body(), StandardCharsets.UTF_8);
        return new CheckpointException(what + " in bucket " + bucket + " at " + endpoint + ": HTTP "
            + response.statusCode() + " " + body.substring(0, Math.min(300, body.length())));
    }

    private HttpResponse<byte[]> send(final String method, final String path, final Map<String, String> query,
                                      final byte[] body) throws CheckpointException {
        final String canonicalPath = encodePath(path);
        final String canonicalQuery = canonicalQuery(query);
        final String amzDate = AMZ_DATE.format(ZonedDateTime.now(ZoneOffset.UTC));
        final String payloadHash = hex(sha256(body));
        final String host = endpoint.getPort() < 0 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
        final String authorization = authorization(credentials, method, host, canonicalPath, canonicalQuery,
            payloadHash, amzDate);
        final URI uri = URI.create(endpoint + canonicalPath + (canonicalQuery.length() == 0 ? "" : "?"
            + canonicalQuery));
        final HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
            .header("x-amz-date", amzDate).header("x-amz-content-sha256", payloadHash)
            .header("Authorization", authorization)
            .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (final IOException e) {
            throw new CheckpointException(method + " " + uri + " failed: " + e, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckpointException(method + " " + uri + " was interrupted", e);
        }
    }

    /**
     * The Signature Version 4 {@code Authorization} header of a request signing {@code host},
     * {@code x-amz-content-sha256} and {@code x-amz-date}. Pure.
     */
    static String authorization(final S3Credentials credentials, final String method, final String host,
                                final String canonicalPath, final String canonicalQuery, final String payloadHash,
                                final String amzDate) {
        final String day = amzDate.substring(0, 8);
        final String signedHeaders = "host;x-amz-content-sha256;x-amz-date";
        final String canonicalRequest = method + "\n" + canonicalPath + "\n" + canonicalQuery + "\n"
            + "host:" + host + "\nx-amz-content-sha256:" + payloadHash + "\nx-amz-date:" + amzDate + "\n\n"
            + signedHeaders + "\n" + payloadHash;
        final String scope = day + "/" + credentials.region() + "/s3/aws4_request";
        final String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
            + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + credentials.secretKey()).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, credentials.region());
        key = hmac(key, "s3");
        key = hmac(key, "aws4_request");
        return "AWS4-HMAC-SHA256 Credential=" + credentials.accessKey() + "/" + scope + ", SignedHeaders="
            + signedHeaders + ", Signature=" + hex(hmac(key, toSign));
    }

    /** Query parameters sorted and encoded as Signature Version 4 wants them. */
    static String canonicalQuery(final Map<String, String> query) {
        final StringBuilder out = new StringBuilder();
        new TreeMap<>(query).forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(encode(k)).append('=')
            .append(encode(v)));
        return out.toString();
    }

    static String encodePath(final String path) {
        final java.util.StringJoiner out = new java.util.StringJoiner("/");
        for (final String segment : path.split("/", -1)) {
            out.add(encode(segment));
        }
        return out.toString();
    }

    /** RFC 3986 encoding, as Signature Version 4 wants it. */
    private static String encode(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
            .replace("%7E", "~");
    }

    static byte[] sha256(final byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static byte[] hmac(final byte[] key, final String data) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    static String hex(final byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
