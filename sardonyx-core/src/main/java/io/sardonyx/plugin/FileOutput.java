package io.sardonyx.plugin;

import io.sardonyx.job.JsonText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code file} output, exactly once by two-phase commit: lines go to a pending file per epoch (in
 * {@code <file>.pending/}), which a barrier makes durable (prepare) and the checkpoint's completion appends to the
 * file (commit). Commits are positional (each epoch's lines at the committed length before it), so a commit done
 * twice, by a recovery and by a peer that woke from a pause, writes the same bytes in the same place. Recovering
 * from a checkpoint cuts the file back to its committed length, finishes the commits it lists and discards every
 * other pending file. When several peers run the task, each writes its own file, the path with {@code -<slot>}
 * before the extension.
 */
public final class FileOutput implements OutputPlugin {
    private Path path;
    private Path pendingDir;
    private FileChannel file;
    private long version;
    private long committedLength;
    private Path current;
    private Writer writer;
    private FileChannel currentChannel;
    /** Prepared (durable, not committed) pending files by epoch. */
    private final TreeMap<Long, Path> prepared = new TreeMap<>();
    /** Every pending file still kept: the last epoch whose checkpoint listed it (a recovery from it needs it). */
    private final Map<Path, Long> lastListed = new HashMap<>();
    /** Committed pending files, kept until a complete checkpoint no longer lists them. */
    private final java.util.Set<Path> committed = new java.util.HashSet<>();

    @Override
    public void start(final PluginContext context) throws IOException {
        path = pathFor(Path.of(context.requireString(FileInput.PATH)), context.slot(), context.peers());
        pendingDir = path.resolveSibling(path.getFileName() + ".pending");
        Files.createDirectories(pendingDir);
        file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        version = context.version();
        prepared.clear();
        committed.clear();
        lastListed.clear();
    }

    /** The file one slot writes. */
    public static Path pathFor(final Path path, final int slot, final int peers) {
        if (peers <= 1) {
            return path;
        }
        final String name = path.getFileName().toString();
        final int dot = name.lastIndexOf('.');
        final String slotted = dot <= 0 ? name + "-" + slot : name.substring(0, dot) + "-" + slot + name.substring(dot);
        return path.resolveSibling(slotted);
    }

    @Override
    public boolean write(final List<Map<String, Object>> batch) throws IOException {
        if (writer == null) {
            current = pendingDir.resolve(version + "-" + (prepared.isEmpty() ? 0 : prepared.lastKey()) + "-"
                + System.nanoTime() + ".jsonl");
            currentChannel = FileChannel.open(current, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            writer = Channels.newWriter(currentChannel, StandardCharsets.UTF_8);
        }
        for (final Map<String, Object> segment : batch) {
            writer.write(JsonText.writeLine(segment));
            writer.write('\n');
        }
        writer.flush();
        return true;
    }

    /** Prepare: what was written since the last barrier becomes a durable pending file of this epoch. */
    @Override
    public Object checkpoint(final long epoch) {
        try {
            if (writer != null) {
                writer.flush();
                currentChannel.force(true);
                writer.close();
                forceDirectory(pendingDir);
                prepared.put(epoch, current);
                writer = null;
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot prepare " + current + " of " + path, e);
        }
        final List<Object> pending = new ArrayList<>();
        for (final Path p : prepared.values()) {
            pending.add(p.getFileName().toString());
            lastListed.put(p, epoch);
        }
        final Map<String, Object> state = new LinkedHashMap<>();
        state.put("committed", committedLength);
        state.put("pending", pending);
        return state;
    }

    @Override
    public Object checkpoint() {
        return checkpoint(prepared.isEmpty() ? 0 : prepared.lastKey() + 1);
    }

    /** Commit: the prepared files up to the epoch are appended, in order, at the committed length. */
    @Override
    public void checkpointed(final long epoch) throws IOException {
        while (!prepared.isEmpty() && prepared.firstKey() <= epoch) {
            final Path first = prepared.pollFirstEntry().getValue();
            commit(first);
            committed.add(first);
        }
        // A committed file that this complete checkpoint no longer lists (it was committed before the barrier) is
        // needed by no recovery from it or a later one.
        final List<Path> done = new ArrayList<>();
        for (final Path p : committed) {
            if (lastListed.getOrDefault(p, 0L) < epoch) {
                done.add(p);
            }
        }
        for (final Path p : done) {
            Files.deleteIfExists(p);
            committed.remove(p);
            lastListed.remove(p);
        }
    }

    private void commit(final Path pending) throws IOException {
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(pending);
        } catch (final NoSuchFileException e) {
            throw new IOException("pending file " + pending + " of " + path + " is missing; its checkpoint cannot be "
                + "committed", e);
        }
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long at = committedLength;
        while (buffer.hasRemaining()) {
            at += file.write(buffer, at);
        }
        file.force(true);
        committedLength += bytes.length;
    }

    @Override
    public void recover(final Object checkpoint) throws IOException {
        if (writer != null) {
            writer.close();
            writer = null;
        }
        prepared.clear();
        committed.clear();
        lastListed.clear();
        final List<Path> listed = new ArrayList<>();
        committedLength = 0;
        if (checkpoint instanceof Map<?, ?> state) {
            committedLength = state.get("committed") instanceof Long length ? length : 0;
            if (state.get("pending") instanceof List<?> names) {
                for (final Object name : names) {
                    listed.add(pendingDir.resolve(String.valueOf(name)));
                }
            }
        }
        if (file.size() < committedLength) {
            throw new IOException(path + " is " + file.size() + " bytes, shorter than the " + committedLength
                + " its checkpoint committed: the file was changed outside the job");
        }
        file.truncate(committedLength);
        for (final Path p : listed) {
            commit(p);
            // Needed again if this allocation fails before it completes a checkpoint of its own.
            committed.add(p);
            lastListed.put(p, 0L);
        }
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(pendingDir)) {
            for (final Path p : leftovers) {
                if (!listed.contains(p)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Makes a directory's entries (a file just created or renamed) survive a power failure. */
    static void forceDirectory(final Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public void close() {
        try {
            if (writer != null) {
                writer.close();
            }
            if (file != null) {
                file.close();
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot close " + path, e);
        } finally {
            writer = null;
            file = null;
        }
    }
}
