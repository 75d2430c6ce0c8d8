package io.sardonyx.log.store;

import io.sardonyx.codec.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a job leaves beside its log entries: the exception that killed it, and the segments its collect outputs
 * gathered (as JSON lines, in pieces under the store's size limit, byte arrays as base64 strings).
 */
public final class JobData {
    static final String EXCEPTION = "exception";
    static final String COLLECTED = "collected:";

    private JobData() {
    }

    /** Records why a job was killed. */
    public static void putException(final LogStore store, final String jobId, final String text) {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final int max = LogStore.MAX_JOB_DATA_BYTES;
        store.putJobData(jobId, EXCEPTION, bytes.length <= max ? bytes : java.util.Arrays.copyOf(bytes, max));
    }

    /**
     * Kills a job, the one way every part does: records why beside the job (what {@code JobHandle.await} reports),
     * then writes the kill entry. A kill naming an allocation version the job has left is ignored by the log.
     *
     * @param version the allocation version the kill was decided at, or {@code KillJob.ANY_VERSION}
     * @param writer  the group that writes it, or null for a client
     * @return the kill entry's message id
     */
    public static long kill(final LogStore store, final String jobId, final long version, final String reason,
                            final String writer) {
        putException(store, jobId, reason);
        return store.append(new io.sardonyx.log.command.KillJob(jobId, version), writer, -1);
    }

    /** Why a job was killed, when a peer recorded it. */
    public static Optional<String> exception(final LogStore store, final String jobId) {
        final byte[] data = store.jobData(jobId, EXCEPTION).get(EXCEPTION);
        return data == null ? Optional.empty() : Optional.of(new String(data, StandardCharsets.UTF_8));
    }

    /**
     * Stores the segments one peer of a collect task gathered at an allocation version. Pieces are named by version,
     * so what an earlier allocation stored (the job started over since) is never read with the final run's.
     */
    public static void putCollected(final LogStore store, final String jobId, final String task, final long version,
                                    final int slot, final List<Map<String, Object>> segments) {
        final int limit = LogStore.MAX_JOB_DATA_BYTES - 1024;
        final java.io.ByteArrayOutputStream piece = new java.io.ByteArrayOutputStream();
        int part = 0;
        for (final Map<String, Object> segment : segments) {
            final byte[] line = (JsonText.writeLine(segment) + "\n").getBytes(StandardCharsets.UTF_8);
            if (piece.size() > 0 && piece.size() + line.length > limit) {
                store.putJobData(jobId, name(task, version, slot, part++), piece.toByteArray());
                piece.reset();
            }
            piece.writeBytes(line);
        }
        store.putJobData(jobId, name(task, version, slot, part), piece.toByteArray());
    }

    private static String name(final String task, final long version, final int slot, final int part) {
        return String.format("%s%s:%019d:%05d:%05d", COLLECTED, task, version, slot, part);
    }

    /**
     * Every segment the job's collect task gathered in its last run (the latest allocation version that stored
     * any), peer by peer in slot order.
     */
    public static List<Map<String, Object>> collected(final LogStore store, final String jobId, final String task) {
        final String prefix = COLLECTED + task + ":";
        final java.util.SortedMap<String, byte[]> pieces = store.jobData(jobId, prefix);
        if (pieces.isEmpty()) {
            return List.of();
        }
        final String last = pieces.lastKey();
        final String version = last.substring(prefix.length(), prefix.length() + 19);
        final List<Map<String, Object>> out = new ArrayList<>();
        for (final byte[] piece : pieces.tailMap(prefix + version).values()) {
            for (final String line : new String(piece, StandardCharsets.UTF_8).split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                try {
                    @SuppressWarnings("unchecked")
                    final Map<String, Object> segment = (Map<String, Object>) JsonText.parse(line);
                    out.add(segment);
                } catch (final JsonText.SyntaxException e) {
                    throw new IllegalStateException("collected output of task " + task + " of job " + jobId
                        + " is corrupt: " + e.getMessage(), e);
                }
            }
        }
        return out;
    }
}
