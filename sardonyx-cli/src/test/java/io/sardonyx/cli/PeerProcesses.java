package io.sardonyx.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Peer groups in their own JVMs, started with the real launcher ({@code bin/sardonyx peers}); logs kept in a dir. */
final class PeerProcesses implements AutoCloseable {
    static final Path HOME = Path.of(System.getProperty("sardonyx.home", "..")).toAbsolutePath();
    private static final Pattern JOINING = Pattern.compile("peer group (\\S+) joining");

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();

    PeerProcesses(final Path dir) {
        this.dir = dir;
    }

    /** Starts {@code bin/sardonyx peers ARGS}, its output in {@code peers-N.out} and {@code .err}. */
    Process start(final String... args) throws IOException {
        final int index = processes.size();
        final List<String> command = new ArrayList<>(List.of(HOME.resolve("bin/sardonyx").toString(), "peers"));
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command)
            .redirectOutput(dir.resolve("peers-" + index + ".out").toFile())
            .redirectError(dir.resolve("peers-" + index + ".err").toFile());
        builder.environment().put("SARDONYX_NO_BUILD", "1");
        final Process process = builder.start();
        processes.add(process);
        return process;
    }

    Process get(final int index) {
        return processes.get(index);
    }

    /** How many processes were started (alive or not). */
    int size() {
        return processes.size();
    }

    /** The group id the N-th process printed when it joined, or null before that. */
    String groupIdOf(final int index) throws IOException {
        final Matcher m = JOINING.matcher(Files.readString(dir.resolve("peers-" + index + ".out")));
        return m.find() ? m.group(1) : null;
    }

    /** Every process's standard error, for a failure message. */
    String logs() throws IOException {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < processes.size(); i++) {
            out.append("\n--- peers-").append(i).append(".err:\n")
                .append(Files.readString(dir.resolve("peers-" + i + ".err")));
        }
        return out.toString();
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
    }
}
