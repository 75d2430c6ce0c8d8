package io.sardonyx.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Closes parts in order, every one even when an earlier one throws: the first failure is thrown at the end, naming
 * its part, with the later ones added to it as suppressed. Not thread-safe; one per close.
 */
final class Closing {
    /** One part's close. */
    @FunctionalInterface
    interface Step {
        void close() throws Exception;
    }

    private final List<RuntimeException> failures = new ArrayList<>();

    /** Closes one part, keeping its failure for the end. */
    Closing then(final String part, final Step step) {
        try {
            step.close();
        } catch (final Exception e) {
            failures.add(new IllegalStateException("cannot close " + part + ": " + e.getMessage(), e));
        }
        return this;
    }

    /** Deletes a directory this environment made (null: it made none), with everything in it. */
    static void deleteMade(final Path dir) {
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /**
     * Throws the first failure with the others suppressed in it; returns when every part closed.
     */
    void done() {
        if (failures.isEmpty()) {
            return;
        }
        final RuntimeException first = failures.get(0);
        for (int i = 1; i < failures.size(); i++) {
            first.addSuppressed(failures.get(i));
        }
        throw first;
    }
}
