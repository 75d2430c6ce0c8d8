package io.sardonyx.checkpoint;

import io.sardonyx.log.CheckpointLocation;
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
 * Checkpoints in a directory (local, or shared between machines): {@code <base>/<tenancy>/<job>/<version>-<epoch>/
 * <task>/<slot>.blob}, and the tenancy's markers in {@code <base>/<tenancy>/.tenancy/}. A blob is written to a
 * temporary file, forced to disk and renamed into place atomically, so a reader sees a whole blob or none; every read
 * verifies the blob's frame and checksum.
 */
public final class DirectoryCheckpointStorage implements CheckpointStorage {
    /** Largest blob read back (a guard against a corrupt length, not a limit on state). */
    static final long MAX_BLOB_BYTES = 1L << 30;
    private static final String MARKERS = ".tenancy";
    private final Path base;
    private final Path root;

    /**
     * @param base    the directory given by the user (shared by every tenancy kept there)
     * @param tenancy the tenancy whose checkpoints live below it
     */
    public DirectoryCheckpointStorage(final Path base, final String tenancy) {
        this.base = base.toAbsolutePath().normalize();
        this.root = this.base.resolve(PathNames.safe(tenancy));
    }

    /** The tenancy's directory. */
    public Path root() {
        return root;
    }

    @Override
    public CheckpointLocation location() {
        return CheckpointLocation.directory(base.toString());
    }

    Path checkpointDir(final String jobId, final long version, final long epoch) {
        return root.resolve(PathNames.safe(jobId)).resolve(version + "-" + epoch);
    }

    Path path(final BlobKey key) {
        return checkpointDir(key.jobId(), key.version(), key.epoch()).resolve(PathNames.safe(key.task()))
            .resolve(key.slot() + ".blob");
    }

    private Path marker(final String name) {
        return root.resolve(MARKERS).resolve(PathNames.safe(name));
    }

    @Override
    public void write(final BlobKey key, final byte[] payload) throws CheckpointException {
        writeFile(path(key), payload, "checkpoint blob " + key);
    }

    @Override
    public void writeMarker(final String name, final byte[] payload) throws CheckpointException {
        writeFile(marker(name), payload, "marker " + name);
    }

    private void writeFile(final Path target, final byte[] payload, final String what) throws CheckpointException {
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
            throw new CheckpointException("cannot write " + what + " to " + target + ": " + e, e);
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
        return readFile(path(key), "checkpoint blob " + key);
    }

    @Override
    public byte[] readMarker(final String name) throws CheckpointException {
        return readFile(marker(name), "marker " + name);
    }

    private static byte[] readFile(final Path source, final String what) throws CheckpointException {
        try {
            final long size = Files.size(source);
            if (size > MAX_BLOB_BYTES) {
                throw new CheckpointException(what + " at " + source + " is " + size + " bytes, over the "
                    + MAX_BLOB_BYTES + "-byte limit");
            }
            return BlobFrame.unwrap(Files.readAllBytes(source), what + " at " + source);
        } catch (final NoSuchFileException e) {
            throw new CheckpointException(what + " is missing: no " + source);
        } catch (final IOException e) {
            throw new CheckpointException("cannot read " + what + " at " + source + ": " + e, e);
        }
    }

    @Override
    public long size(final BlobKey key) throws CheckpointException {
        final Path source = path(key);
        try {
            return Files.size(source);
        } catch (final NoSuchFileException e) {
            throw new CheckpointException("checkpoint blob " + key + " is missing: no " + source);
        } catch (final IOException e) {
            throw new CheckpointException("cannot read the size of checkpoint blob " + key + " at " + source + ": "
                + e, e);
        }
    }

    @Override
    public void delete(final String jobId, final long version, final long epoch) throws CheckpointException {
        deleteTree(checkpointDir(jobId, version, epoch), "checkpoint " + version + "-" + epoch + " of job " + jobId);
    }

    @Override
    public void deleteJob(final String jobId) throws CheckpointException {
        deleteTree(root.resolve(PathNames.safe(jobId)), "the checkpoints of job " + jobId);
    }

    @Override
    public void deleteMarker(final String name) throws CheckpointException {
        try {
            Files.deleteIfExists(marker(name));
        } catch (final IOException e) {
            throw new CheckpointException("cannot delete marker " + name + " at " + marker(name) + ": " + e, e);
        }
    }

    /** Deletes a directory this storage made (a job's, or one checkpoint's), with everything in it. */
    private static void deleteTree(final Path dir, final String what) throws CheckpointException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (final Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (final IOException e) {
            throw new CheckpointException("cannot delete " + what + " at " + dir + ": " + e, e);
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
