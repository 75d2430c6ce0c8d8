package io.sardonyx.plugin;

import io.sardonyx.codec.JsonText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code file} output, exactly once by two-phase commit: lines go to a pending file per epoch (in
 * {@code <file>.pending/}), which a barrier makes durable (prepare) and the checkpoint's completion appends to the
 * file (commit), after which the pending file is deleted. Commits are positional: a checkpoint records the file's
 * committed length and the pending files (with their sizes) still to commit, so the bytes at each position are always
 * the same, whoever commits them and however often, and a recovery rebuilds the file exactly: it writes each listed
 * pending file at its position (one already committed and deleted is known by the file's length), then cuts off
 * whatever follows. Nothing is created before the first commit, so a peer that writes nothing leaves no file.
 *
 * <p>When several peers run the task, each writes its own file, the path with {@code -<slot>} before the extension.
 * A checkpoint names every file the task has written, so when the peer count changes each file's state has one heir:
 * the slot that now writes it, or else one that finishes its commits and keeps its length.
 *
 * <p>{@code "file/mode"} says what happens to a file the job has not written before: {@code append} (the default)
 * keeps what it holds, {@code overwrite} empties it, {@code fail-if-exists} fails the task when it exists.
 */
public final class FileOutput implements OutputPlugin {
    private static final String MODE = io.sardonyx.job.PluginAlias.FILE_MODE;
    private static final List<String> MODES = io.sardonyx.job.PluginAlias.FILE_MODES;
    private static final String PENDING = ".pending";
    /** What {@link #write} names a pending file: {@code <version>-<epoch>-<nanos>.jsonl}, a name and nothing more. */
    private static final Pattern PENDING_NAME = Pattern.compile("[0-9]+-[0-9]+--?[0-9]+\\.jsonl");

    private Path configured;
    private Path path;
    private String mode;
    private long version;
    private int slot;
    private int peers;
    private FileChannel file;
    private long committedLength;
    private Path current;
    private Writer writer;
    private FileChannel currentChannel;
    /** Prepared (durable, not committed) pending files by epoch, with their sizes. */
    private final TreeMap<Long, Pending> prepared = new TreeMap<>();
    /** Files of the task this slot holds the committed length of, other than its own. */
    private final Map<String, Long> others = new TreeMap<>();
    /** Every file the earlier slots' checkpoints name, when this slot's state was redistributed. */
    private final java.util.Set<String> named = new java.util.HashSet<>();

    private record Pending(Path path, long bytes) {
    }

    @Override
    public void start(final PluginContext context) {
        configured = Path.of(context.requireString(FileInput.PATH));
        path = pathFor(configured, context.slot(), context.peers());
        mode = context.task().attributes().get(MODE) instanceof String m ? m : MODES.get(0);
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("task " + context.task().name() + ": \"" + MODE + "\" must be one of "
                + MODES + "; got \"" + mode + "\"");
        }
        version = context.version();
        slot = context.slot();
        peers = context.peers();
        prepared.clear();
        others.clear();
        named.clear();
        committedLength = 0;
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

    private static Path pendingDir(final Path file) {
        return file.resolveSibling(file.getFileName() + PENDING);
    }

    @Override
    public boolean write(final List<Map<String, Object>> batch) throws IOException {
        if (writer == null) {
            final Path dir = pendingDir(path);
            Files.createDirectories(dir);
            current = dir.resolve(version + "-" + (prepared.isEmpty() ? 0 : prepared.lastKey()) + "-"
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
                final long bytes = currentChannel.size();
                writer.close();
                forceDirectory(current.getParent());
                prepared.put(epoch, new Pending(current, bytes));
                writer = null;
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot prepare " + current + " of " + path, e);
        }
        final List<Object> pending = new ArrayList<>();
        for (final Pending p : prepared.values()) {
            pending.add(List.of(p.path.getFileName().toString(), p.bytes));
        }
        final Map<String, Object> files = new TreeMap<>();
        others.forEach((name, length) -> files.put(name, fileState(length, List.of())));
        files.put(path.getFileName().toString(), fileState(committedLength, pending));
        final Map<String, Object> state = new LinkedHashMap<>();
        state.put("writes", path.getFileName().toString());
        state.put("files", files);
        return state;
    }

    private static Map<String, Object> fileState(final long committed, final List<Object> pending) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("committed", committed);
        out.put("pending", pending);
        return out;
    }

    @Override
    public Object checkpoint() {
        return checkpoint(prepared.isEmpty() ? 0 : prepared.lastKey() + 1);
    }

    /** Commit: the prepared files up to the epoch are appended, in order, at the committed length, then deleted. */
    @Override
    public void checkpointed(final long epoch) throws IOException {
        while (!prepared.isEmpty() && prepared.firstKey() <= epoch) {
            final Pending first = prepared.pollFirstEntry().getValue();
            committedLength = commit(own(), path, first.path, first.bytes, committedLength);
            file.force(true);
            Files.deleteIfExists(first.path);
        }
        // Anything else in this file's pending directory was left by an earlier attempt (a peer stopped mid-epoch):
        // no checkpoint a recovery could use lists it.
        final List<Path> keep = new ArrayList<>();
        prepared.values().forEach(p -> keep.add(p.path));
        if (writer != null) {
            keep.add(current);
        }
        removeLeftovers(pendingDir(path), keep);
    }

    private FileChannel own() throws IOException {
        if (file == null) {
            Files.createDirectories(path.toAbsolutePath().getParent());
            file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        return file;
    }

    /**
     * Writes one pending file at its position in a file; one that is gone was committed before (and deleted), which
     * the file's length must show.
     *
     * @return the position after it
     */
    private static long commit(final FileChannel channel, final Path target, final Path pending, final long bytes,
                               final long at) throws IOException {
        final byte[] content;
        try {
            content = Files.readAllBytes(pending);
        } catch (final NoSuchFileException e) {
            if (channel.size() >= at + bytes) {
                return at + bytes;
            }
            throw new IOException("pending file " + pending + " of " + target + " is missing and its " + bytes
                + " bytes are not in the file (" + channel.size() + " bytes, " + at + " committed before it); the "
                + "checkpoint cannot be committed", e);
        }
        if (content.length != bytes) {
            throw new IOException("pending file " + pending + " of " + target + " holds " + content.length
                + " bytes; its checkpoint recorded " + bytes);
        }
        final ByteBuffer buffer = ByteBuffer.wrap(content);
        long position = at;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        return position;
    }

    /**
     * Every earlier slot's files, merged: each file's state goes to the slot that now writes it, or else to the heir
     * of the slot that held it ({@link Rescaling#inherited}).
     */
    @Override
    public Object rescale(final List<Object> checkpoints) throws IOException {
        final Map<String, Object> files = new TreeMap<>();
        for (int j = 0; j < checkpoints.size(); j++) {
            final Object state = checkpoints.get(j);
            if (state == null) {
                continue;
            }
            for (final Map.Entry<String, Object> e : files(state).entrySet()) {
                named.add(e.getKey());
                final int writer = writerOf(e.getKey());
                if (writer == slot || writer < 0 && j % peers == slot) {
                    files.put(e.getKey(), e.getValue());
                }
            }
        }
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("writes", path.getFileName().toString());
        out.put("files", files);
        return out;
    }

    /** The slot that writes a file at the current peer count, or -1 when none does. */
    private int writerOf(final String name) {
        for (int s = 0; s < peers; s++) {
            if (pathFor(configured, s, peers).getFileName().toString().equals(name)) {
                return s;
            }
        }
        return -1;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> files(final Object state) throws IOException {
        if (state instanceof Map<?, ?> map && map.get("files") instanceof Map<?, ?> files) {
            return (Map<String, Object>) files;
        }
        throw new IOException("the checkpoint of the file output " + path + " is not a file output's state: "
            + state);
    }

    @Override
    public void recover(final Object checkpoint) throws IOException {
        if (writer != null) {
            writer.close();
            writer = null;
        }
        prepared.clear();
        others.clear();
        final Map<String, Object> files = checkpoint == null ? Map.of() : files(checkpoint);
        final String own = path.getFileName().toString();
        Long ownLength = null;
        final Pattern ours = ours();
        for (final Map.Entry<String, Object> e : files.entrySet()) {
            // A checkpoint names files by their names alone: only the files this output writes, beside its own.
            if (!ours.matcher(e.getKey()).matches()) {
                throw new IOException("the checkpoint of the file output " + configured + " names the file \""
                    + e.getKey() + "\", which this output does not write; refusing to touch it");
            }
            final long length = settle(path.resolveSibling(e.getKey()), e.getValue());
            if (e.getKey().equals(own)) {
                ownLength = length;
            } else {
                others.put(e.getKey(), length);
            }
        }
        if (ownLength == null) {
            committedLength = fresh();
            removeLeftovers(pendingDir(path), List.of());
        } else {
            committedLength = ownLength;
        }
        if (slot == 0) {
            sweep();
        }
    }

    /**
     * Removes the pending directories of files of this output that no slot writes now and no checkpoint lists: an
     * attempt at another peer count that ended before a checkpoint named its file left them. Only checkpoints of the
     * files written now list pending files (a slot keeps only the lengths of the others), and a redistributed state
     * names every file of the earlier slots, so no pending file a recovery may need is touched.
     */
    private void sweep() throws IOException {
        final Path parent = path.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            return;
        }
        final Pattern ours = ours();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, "*" + PENDING)) {
            for (final Path dir : dirs) {
                final String file = dir.getFileName().toString();
                final String of = file.substring(0, file.length() - PENDING.length());
                if (Files.isDirectory(dir) && ours.matcher(of).matches() && writerOf(of) < 0 && !named.contains(of)) {
                    removeLeftovers(dir, List.of());
                }
            }
        }
    }

    /** The names of the files this output writes: its configured file's, and each slot's ({@link #pathFor}). */
    private Pattern ours() {
        final String name = configured.getFileName().toString();
        final int dot = name.lastIndexOf('.');
        final String stem = dot <= 0 ? name : name.substring(0, dot);
        final String extension = dot <= 0 ? "" : name.substring(dot);
        return Pattern.compile(Pattern.quote(name) + "|" + Pattern.quote(stem) + "-[0-9]+" + Pattern.quote(extension));
    }

    /**
     * Rebuilds one file of the task as a checkpoint left it: every listed pending file at its position, and nothing
     * after.
     *
     * @return the file's committed length
     */
    private long settle(final Path target, final Object raw) throws IOException {
        if (!(raw instanceof Map<?, ?> state) || !(state.get("committed") instanceof Long committed)
            || !(state.get("pending") instanceof List<?> pending)) {
            throw new IOException("the checkpoint of the file output " + target + " is malformed: " + raw);
        }
        final Path dir = pendingDir(target);
        final List<Path> listed = new ArrayList<>();
        long at = committed;
        if (!Files.exists(target) && committed == 0 && pending.isEmpty()) {
            return 0;
        }
        try (FileChannel channel = target.equals(path) ? null : FileChannel.open(target, StandardOpenOption.CREATE,
            StandardOpenOption.WRITE)) {
            final FileChannel out = channel == null ? own() : channel;
            if (out.size() < committed) {
                throw new IOException(target + " is " + out.size() + " bytes, shorter than the " + committed
                    + " its checkpoint committed: the file was changed outside the job");
            }
            for (final Object item : pending) {
                if (!(item instanceof List<?> p) || p.size() != 2 || !(p.get(0) instanceof String name)
                    || !(p.get(1) instanceof Long bytes)) {
                    throw new IOException("the checkpoint of the file output " + target + " lists a malformed "
                        + "pending file: " + item);
                }
                if (!PENDING_NAME.matcher(name).matches()) {
                    throw new IOException("the checkpoint of the file output " + target + " lists the pending file \""
                        + name + "\", which is not a name this output gives its pending files in " + dir
                        + "; refusing to read or delete it");
                }
                final Path pendingFile = dir.resolve(name);
                listed.add(pendingFile);
                at = commit(out, target, pendingFile, bytes, at);
            }
            out.truncate(at);
            out.force(true);
        }
        for (final Path p : listed) {
            Files.deleteIfExists(p);
        }
        removeLeftovers(dir, listed);
        return at;
    }

    /** The committed length of this slot's file when the job has not written it before, as the mode says. */
    private long fresh() throws IOException {
        final boolean exists = Files.exists(path);
        switch (mode) {
            case "overwrite":
                if (exists) {
                    own().truncate(0);
                }
                return 0;
            case "fail-if-exists":
                if (exists) {
                    throw new IOException(path + " exists and the task's \"" + MODE + "\" is fail-if-exists; remove it "
                        + "or choose append or overwrite");
                }
                return 0;
            default:
                return exists ? Files.size(path) : 0;
        }
    }

    /** Deletes pending files of earlier attempts that no checkpoint lists, and the directory once it is empty. */
    private static void removeLeftovers(final Path dir, final List<Path> keep) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir)) {
            for (final Path p : leftovers) {
                if (!keep.contains(p) && p.getFileName().toString().endsWith(".jsonl")) {
                    Files.deleteIfExists(p);
                }
            }
        }
        removeIfEmpty(dir);
    }

    private static void removeIfEmpty(final Path dir) throws IOException {
        try {
            Files.deleteIfExists(dir);
        } catch (final DirectoryNotEmptyException e) {
            // Files of another attempt, or not ours: left alone.
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
                // Lines after the last barrier: no checkpoint can list them, so they are of no use to anyone.
                writer.close();
                Files.deleteIfExists(current);
            }
            if (file != null) {
                file.close();
            }
            if (path != null) {
                removeIfEmpty(pendingDir(path));
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot close " + path, e);
        } finally {
            writer = null;
            file = null;
        }
    }
}
