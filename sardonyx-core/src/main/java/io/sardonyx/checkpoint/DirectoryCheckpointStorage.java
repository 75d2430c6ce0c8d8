package io.sardonyx.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Checkpoints in a directory (local, or shared between machines): {@code <root>/<job>/<version>-<epoch>/<task>/
 * <slot>.blob}. A blob is written to a temporary file, forced to disk and renamed into place atomically, so a
 * reader sees a whole blob or none; every read verifies the blob's frame and checksum.
 */
public final class DirectoryCheckpointStorage implements CheckpointStorage {
    /** Largest blob read back (a guard against a corrupt length, not a limit on state). */
    static final long MAX_BLOB_BYTES = 1L << 30;
    private final Path root;

    public DirectoryCheckpointStorage(final Path root) {
        this.root = root.toAbsolutePath();
    }

    public Path root() {
        return root;
    }

    Path checkpointDir(final String jobId, final long version, final long epoch) {
        return root.resolve(PathNames.safe(jobId)).resolve(version + "-" + epoch);
    }

    Path path(final BlobKey key) {
        return checkpointDir(key.jobId(), key.version(), key.epoch()).resolve(PathNames.safe(key.task()))
            .resolve(key.slot() + ".blob");
    }

    @Override
    public void write(final BlobKey key, final byte[] payload) throws CheckpointException {
        final Path target = path(key);
        final Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
                final ByteBuffer bytes = ByteBuffer.wrap(BlobFrame.wrap(payload));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                // The rename itself must survive a power failure, or the record could name a blob that vanished.
                try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                    dir.force(true);
                }
            } catch (final AtomicMoveNotSupportedException e) {
                throw new CheckpointException("the checkpoint directory " + root + " cannot rename atomically", e);
            }
        } catch (final IOException e) {
            throw new CheckpointException("cannot write checkpoint blob " + key + " to " + target + ": " + e, e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (final IOException e) {
                // Only a leftover temporary file; the blob itself is whole or absent either way.
                temp.toFile().deleteOnExit();
            }
        }
    }

    @Override
    public byte[] read(final BlobKey key) throws CheckpointException {
        final Path source = path(key);
        try {
            final long size = Files.size(source);
            if (size > MAX_BLOB_BYTES) {
                throw new CheckpointException("checkpoint blob " + key + " at " + source + " is " + size
                    + " bytes, over the " + MAX_BLOB_BYTES + "-byte limit");
            }
            return BlobFrame.unwrap(Files.readAllBytes(source), key + " at " + source);
        } catch (final NoSuchFileException e) {
            throw new CheckpointException("checkpoint blob " + key + " is missing: no " + source);
        } catch (final IOException e) {
            throw new CheckpointException("cannot read checkpoint blob " + key + " at " + source + ": " + e, e);
        }
    }

    @Override
    public void delete(final String jobId, final long version, final long epoch) throws CheckpointException {
        final Path dir = checkpointDir(jobId, version, epoch);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (final Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (final IOException e) {
            throw new CheckpointException("cannot delete checkpoint " + version + "-" + epoch + " of job " + jobId
                + " at " + dir + ": " + e, e);
        }
    }

    /** True when the job has any stored checkpoint here (for tests and tools). */
    boolean hasAny(final String jobId) throws IOException {
        final Path dir = root.resolve(PathNames.safe(jobId));
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return entries.iterator().hasNext();
        }
    }
}
