package io.sardonyx.plugin;

import io.sardonyx.job.JsonText;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * The {@code file} output: writes one JSON object per line to the file at {@code "file/path"}, replacing it. When
 * several peers run the task, each writes its own file, the path with {@code -<slot>} before the extension, so no two
 * writers share a file.
 */
public final class FileOutput implements OutputPlugin {
    private Path path;
    private BufferedWriter writer;

    @Override
    public void start(final PluginContext context) throws IOException {
        path = pathFor(Path.of(context.requireString(FileInput.PATH)), context.slot(), context.peers());
        final Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // The job owns its output file: a run that starts over (its allocation changed) rewrites it from empty.
        writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
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
    public void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot close " + path, e);
            } finally {
                writer = null;
            }
        }
    }
}
