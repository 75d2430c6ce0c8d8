package io.sardonyx.cli;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The class path user functions are loaded from: the command's own, plus {@code --classpath} entries. */
final class FunctionClassPath {
    private FunctionClassPath() {
    }

    /**
     * Builds a class loader over the given entries: jar files, class directories, or {@code dir/*} for every jar
     * in a directory.
     *
     * @throws IllegalArgumentException naming the first entry that does not exist
     */
    static ClassLoader loader(final List<String> entries, final ClassLoader parent) {
        if (entries.isEmpty()) {
            return parent;
        }
        final List<URL> urls = new ArrayList<>();
        for (final String entry : entries) {
            for (final String part : entry.split(java.io.File.pathSeparator)) {
                if (!part.isEmpty()) {
                    add(part, urls);
                }
            }
        }
        return new URLClassLoader("job-functions", urls.toArray(new URL[0]), parent);
    }

    private static void add(final String part, final List<URL> urls) {
        try {
            if (part.endsWith("/*") || part.equals("*")) {
                final Path dir = Path.of(part.length() == 1 ? "." : part.substring(0, part.length() - 2));
                if (!Files.isDirectory(dir)) {
                    throw new IllegalArgumentException("class path entry " + part + ": " + dir
                        + " is not a directory");
                }
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
                    for (final Path jar : jars) {
                        urls.add(jar.toUri().toURL());
                    }
                }
                return;
            }
            final Path path = Path.of(part);
            if (!Files.exists(path)) {
                throw new IllegalArgumentException("class path entry " + part + " does not exist");
            }
            urls.add(path.toUri().toURL());
        } catch (final MalformedURLException e) {
            throw new IllegalArgumentException("class path entry " + part + " is not a valid path: " + e.getMessage(),
                e);
        } catch (final IOException e) {
            throw new IllegalArgumentException("class path entry " + part + " cannot be read: " + e.getMessage(), e);
        }
    }
}
