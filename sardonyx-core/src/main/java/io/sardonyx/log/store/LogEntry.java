package io.sardonyx.log.store;

import io.sardonyx.log.JsonArgs;
import io.sardonyx.log.LogParameters;
import io.sardonyx.codec.JsonText;
import io.sardonyx.job.JsonValues;
import io.sardonyx.log.command.LogCommand;
import io.sardonyx.log.command.LogCommands;
import io.sardonyx.log.command.RejectedEntry;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of the log: a command, where it stands in the log, when it was written, and who wrote it in reaction
 * to what (for tracing).
 *
 * @param messageId   its position in the log (the ZooKeeper sequence number)
 * @param createdAtMs when it was written, in epoch milliseconds (informational only, never used to decide)
 * @param command     what it says
 * @param peerParent  the peer or group that wrote it, or null
 * @param entryParent the message id of the entry it reacts to, or -1
 */
public record LogEntry(long messageId, long createdAtMs, LogCommand command, String peerParent, long entryParent) {
    /** Largest encoded entry accepted, in bytes: an entry carries membership and job specs, never data. */
    public static final int MAX_ENTRY_BYTES = 256 * 1024;

    /** The stored form of a command about to be written: {@code {"log-format", "fn", "args", ...}}. */
    public static byte[] encode(final LogCommand command, final String peerParent, final long entryParent) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("log-format", (long) LogParameters.LOG_FORMAT);
        json.put("fn", command.name());
        json.put("args", command.args());
        if (peerParent != null) {
            json.put("peer-parent", peerParent);
        }
        if (entryParent >= 0) {
            json.put("entry-parent", entryParent);
        }
        final byte[] bytes =
            JsonText.write(JsonValues.normalize(json, command.name())).getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_ENTRY_BYTES) {
            throw new IllegalArgumentException(command.name() + " entry is " + bytes.length + " bytes; the most a log "
                + "entry may hold is " + MAX_ENTRY_BYTES);
        }
        return bytes;
    }

    /**
     * Reads a stored entry. What cannot be read (not JSON, too large, another format, an unknown command, missing or
     * mistyped arguments) reads as a {@link RejectedEntry} naming the message id and what is wrong: a pure function
     * of the bytes, so every replica skips it alike and no follower stops on it.
     */
    public static LogEntry decode(final long messageId, final long createdAtMs, final byte[] bytes) {
        return decode(messageId, createdAtMs, bytes, null);
    }

    /**
     * Reads a stored entry, checking its seal when the reader holds the tenancy's secret: an entry without a valid
     * seal reads as a {@link RejectedEntry} too. Without a seal, a trailer is dropped unread.
     *
     * @param seal the tenancy's entry seal, or null for a reader without the secret
     */
    public static LogEntry decode(final long messageId, final long createdAtMs, final byte[] bytes,
                                  final EntrySeal seal) {
        try {
            return read(messageId, createdAtMs, seal == null ? EntrySeal.strip(bytes) : seal.open(messageId, bytes));
        } catch (final IllegalArgumentException | ClassCastException | NullPointerException | ArithmeticException
                       | IndexOutOfBoundsException e) {
            return new LogEntry(messageId, createdAtMs, new RejectedEntry(e.getMessage()), null, -1);
        }
    }

    private static LogEntry read(final long messageId, final long createdAtMs, final byte[] bytes) {
        final String where = "log entry " + messageId;
        if (bytes.length > MAX_ENTRY_BYTES) {
            throw new IllegalArgumentException(where + " is " + bytes.length + " bytes, over the limit of "
                + MAX_ENTRY_BYTES);
        }
        final Object parsed;
        try {
            parsed = JsonText.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (final JsonText.SyntaxException e) {
            throw new IllegalArgumentException(where + " is not JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + " is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        final JsonArgs json = new JsonArgs(where, (Map<String, Object>) map);
        final long format = json.longValue("log-format");
        if (format != LogParameters.LOG_FORMAT) {
            throw new IllegalArgumentException(where + " has entry format " + format + "; this build reads format "
                + LogParameters.LOG_FORMAT);
        }
        final String name = json.string("fn");
        if (RejectedEntry.NAME.equals(name)) {
            throw new IllegalArgumentException(where + " names " + name + ", which only a reader makes");
        }
        final LogCommand command;
        try {
            command = LogCommands.fromJson(name, json.map("args"));
        } catch (final IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        final Object parent = map.get("entry-parent");
        final Object peerParent = map.get("peer-parent");
        return new LogEntry(messageId, createdAtMs, command, peerParent instanceof String p ? p : null,
            parent instanceof Long l ? l : -1);
    }
}
