package io.sardonyx.plugin;

import io.sardonyx.job.JsonText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * The {@code file} output: writes one JSON object per line to the file at {@code "file/path"}. When several peers
 * run the task, each writes its own file, the path with {@code -<slot>} before the extension. Its checkpoint is the
 * file's length at the barrier; recovering cuts the file back to it, so lines written after the last complete
 * checkpoint are written once more, not twice.
 */
public final class FileOutput implements OutputPlugin {
    private Path path;
    private FileChannel channel;
    private Writer writer;

    @Override
    public void start(final PluginContext context) throws IOException {
        path = pathFor(Path.of(context.requireString(FileInput.PATH)), context.slot(), context.peers());
        final Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        writer = Channels.newWriter(channel, StandardCharsets.UTF_8);
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
        for (final Map<String, Object> segment : batch) {
            writer.write(JsonText.writeLine(segment));
            writer.write('\n');
        }
        writer.flush();
        return true;
    }

    @Override
    public Object checkpoint() {
        try {
            writer.flush();
            channel.force(false);
            return channel.position();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot checkpoint " + path, e);
        }
    }

    @Override
    public void recover(final Object checkpoint) throws IOException {
        writer.flush();
        final long length = checkpoint instanceof Long position ? position : 0;
        if (channel.size() < length) {
            throw new IOException(path + " is " + channel.size() + " bytes, shorter than the " + length
                + " its checkpoint recorded: the file was changed outside the job");
        }
        channel.truncate(length);
        channel.position(length);
    }

    @Override
    public void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot close " + path, e);
            } finally {
                writer = null;
                channel = null;
            }
        }
    }
}
