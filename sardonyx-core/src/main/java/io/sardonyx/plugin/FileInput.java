package io.sardonyx.plugin;

import io.sardonyx.codec.JsonText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code file} input: one JSON object per line of the file at {@code "file/path"}; blank lines are skipped.
 * Peers of the task split the lines by number: line i is in split i mod the job's key groups, and each slot reads the
 * splits it owns ({@link SplitPositions}), so the position of every split moves to other peers when the task's peer
 * count changes. A line that is not a JSON object fails the task with the file and line named.
 */
public final class FileInput implements InputPlugin {
    public static final String PATH = "file/path";
    /** Longest line read, so a file without newlines cannot exhaust memory. */
    static final int MAX_LINE_CHARS = 1 << 20;

    private Path path;
    private SplitPositions splits;
    private BufferedReader reader;
    private long line;
    private boolean eof;

    @Override
    public void start(final PluginContext context) throws IOException {
        path = Path.of(context.requireString(PATH));
        splits = new SplitPositions("the file input " + path, context);
        open();
    }

    private void open() throws IOException {
        close();
        try {
            reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
        } catch (final NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "the input file of a file plugin does not exist");
        }
        line = 0;
        eof = false;
    }

    @Override
    public int poll(final List<Map<String, Object>> out, final int max) throws IOException {
        int n = 0;
        if (splits.none()) {
            eof = true;
        }
        while (n < max && !eof) {
            final String text = readLine();
            if (text == null) {
                eof = true;
                break;
            }
            final long number = line++;
            if (!splits.take(number) || text.isBlank()) {
                continue;
            }
            out.add(parse(text, number + 1));
            n++;
        }
        return n;
    }

    private String readLine() throws IOException {
        final StringBuilder text = new StringBuilder();
        int c;
        while ((c = reader.read()) != -1 && c != '\n') {
            if (text.length() >= MAX_LINE_CHARS) {
                throw new IOException(path + ":" + (line + 1) + ": line longer than " + MAX_LINE_CHARS + " characters");
            }
            text.append((char) c);
        }
        if (c == -1 && text.length() == 0) {
            return null;
        }
        return text.toString();
    }

    private Map<String, Object> parse(final String text, final long number) throws IOException {
        final Object value;
        try {
            value = JsonText.parse(text);
        } catch (final JsonText.SyntaxException e) {
            throw new IOException(path + ":" + number + ": " + e.getMessage(), e);
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IOException(path + ":" + number + ": each line must be a JSON object (a segment)");
        }
        @SuppressWarnings("unchecked")
        final Map<String, Object> segment = (Map<String, Object>) map;
        return segment;
    }

    @Override
    public Object checkpoint() {
        return splits.checkpoint(line);
    }

    @Override
    public Object rescale(final List<Object> checkpoints) {
        return splits.merge(checkpoints);
    }

    @Override
    public void recover(final Object checkpoint) throws IOException {
        open();
        splits.recover(checkpoint);
        final long target = splits.none() ? 0 : splits.start();
        while (line < target && readLine() != null) {
            line++;
        }
    }

    @Override
    public boolean completed() {
        return eof;
    }

    @Override
    public void close() {
        if (reader != null) {
            try {
                reader.close();
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot close " + path, e);
            } finally {
                reader = null;
            }
        }
    }
}
