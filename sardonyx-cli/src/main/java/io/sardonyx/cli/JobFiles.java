package io.sardonyx.cli;

import io.sardonyx.job.InvalidJobException;
import io.sardonyx.job.JobError;
import io.sardonyx.job.JobLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads job files: bounded in size, strict UTF-8, every failure an {@link InvalidJobException} naming the file. */
final class JobFiles {
    private JobFiles() {
    }

    /**
     * Reads a job file's text.
     *
     * @throws InvalidJobException when the file is missing, unreadable, too large or not UTF-8
     */
    static String read(final Path file) {
        final String source = file.toString();
        try {
            if (Files.isDirectory(file)) {
                throw invalid(source, "is a directory; give a job file (.json)");
            }
            final long size = Files.size(file);
            if (size > JobLimits.MAX_DOCUMENT_BYTES) {
                throw invalid(source, String.format("is %.1f MiB (%d bytes); a job document may be at most 1 MiB",
                    size / 1048576.0, size));
            }
            final byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (final NoSuchFileException e) {
            throw invalid(source, "does not exist");
        } catch (final CharacterCodingException e) {
            throw invalid(source, "is not UTF-8 text; save the job file as UTF-8");
        } catch (final IOException e) {
            throw invalid(source, "cannot be read: " + e.getMessage());
        }
    }

    private static InvalidJobException invalid(final String source, final String message) {
        return new InvalidJobException(source, List.of(new JobError("", message)));
    }
}
