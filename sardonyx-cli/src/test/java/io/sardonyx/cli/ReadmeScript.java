package io.sardonyx.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a command block of the README as a user types it, each line its own process, in a workspace of its own: a
 * temporary directory holding {@code bin} and {@code examples} (links to the checkout), with a temporary {@code HOME}
 * and free ports in place of 2181 and 8080. A line ending in {@code &} starts in the background, as a shell's job
 * ({@code %1}, {@code %2}...); {@code kill -9 %N} kills that job with SIGKILL; every other line runs to its end. Each
 * process's output is kept in the workspace for the checks and for a failure's message.
 */
final class ReadmeScript implements AutoCloseable {
    static final Path CHECKOUT = Path.of(System.getProperty("sardonyx.home", "..")).toAbsolutePath().normalize();
    private static final Pattern BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern KILL = Pattern.compile("kill -9 %(\\d+)");

    final Path workspace;
    final Path home;
    final int zookeeperPort;
    final int dashboardPort;
    final int kafkaPort;
    private final List<Process> jobs = new ArrayList<>();
    private final List<String> transcript = new ArrayList<>();
    private final Map<String, String> substitutions = new java.util.LinkedHashMap<>();
    private int step;

    ReadmeScript(final Path dir) throws IOException {
        this.workspace = Files.createDirectories(dir.resolve("workspace"));
        this.home = Files.createDirectories(dir.resolve("home"));
        Files.createSymbolicLink(workspace.resolve("bin"), CHECKOUT.resolve("bin"));
        this.zookeeperPort = freePort();
        this.dashboardPort = freePort();
        this.kafkaPort = freePort();
        substitutions.put("2181", Integer.toString(zookeeperPort));
        substitutions.put("8080", Integer.toString(dashboardPort));
        substitutions.put("9092", Integer.toString(kafkaPort));
        examples();
    }

    /**
     * The examples as the checkout has them, except that a job naming the README's Kafka broker names this run's:
     * the same substitution of a free port as in the commands.
     */
    private void examples() throws IOException {
        final Path examples = Files.createDirectories(workspace.resolve("examples"));
        try (var entries = Files.list(CHECKOUT.resolve("examples"))) {
            for (final Path entry : entries.toList()) {
                final Path target = examples.resolve(entry.getFileName().toString());
                final String name = entry.getFileName().toString();
                if (name.endsWith(".json") && Files.readString(entry, StandardCharsets.UTF_8).contains("9092")) {
                    Files.writeString(target, substituted(Files.readString(entry, StandardCharsets.UTF_8)),
                        StandardCharsets.UTF_8);
                } else {
                    Files.createSymbolicLink(target, entry);
                }
            }
        }
    }

    /** The README's command blocks ({@code ```sh}), each as its lines. */
    static List<List<String>> blocks() throws IOException {
        final String readme = Files.readString(CHECKOUT.resolve("README.md"), StandardCharsets.UTF_8);
        final List<List<String>> out = new ArrayList<>();
        final Matcher m = BLOCK.matcher(readme);
        while (m.find()) {
            out.add(m.group(1).lines().filter(l -> !l.isBlank()).toList());
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Replaces a word of the README (JOB, say) in the lines that follow. */
    void substitute(final String word, final String value) {
        substitutions.put(word, value);
    }

    /** A line without its comment (a '#' after blanks, outside quotes). */
    static String command(final String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            final char c = line.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && i > 0 && Character.isWhitespace(line.charAt(i - 1))) {
                return line.substring(0, i).trim();
            }
        }
        return line.trim();
    }

    private String substituted(final String command) {
        String out = command;
        for (final Map.Entry<String, String> s : substitutions.entrySet()) {
            out = out.replaceAll("\\b" + Pattern.quote(s.getKey()) + "\\b", Matcher.quoteReplacement(s.getValue()));
        }
        return out;
    }

    private ProcessBuilder process(final String command, final int index) {
        final ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(workspace.toFile())
            .redirectOutput(workspace.resolve(index + ".out").toFile())
            .redirectError(workspace.resolve(index + ".err").toFile());
        final Map<String, String> env = builder.environment();
        // Only what the README tells a user to have: this HOME, and free ports for ZooKeeper, the dashboard and Kafka.
        env.remove("SARDONYX_HOME");
        env.put("HOME", home.toString());
        env.put("SARDONYX_ZOOKEEPER", "127.0.0.1:" + zookeeperPort);
        env.put("SARDONYX_DASHBOARD_PORT", Integer.toString(dashboardPort));
        env.put("SARDONYX_KAFKA", "127.0.0.1:" + kafkaPort);
        env.put("SARDONYX_NO_BUILD", "1");
        return builder;
    }

    /** The result of a line that ran to its end. */
    record Ran(int index, int exitCode, String out, String err) {
    }

    /**
     * Runs one line of a block: a background job, a kill of one, or a command to its end (at most the timeout).
     *
     * @return the line's result, or null for a background job or a kill
     */
    Ran run(final String line, final long timeoutS) throws IOException, InterruptedException {
        final String command = substituted(command(line));
        final int index = ++step;
        transcript.add(index + ": " + command);
        final Matcher kill = KILL.matcher(command);
        if (kill.matches()) {
            final Process job = jobs.get(Integer.parseInt(kill.group(1)) - 1);
            job.destroyForcibly().waitFor();
            return null;
        }
        if (command.endsWith("&")) {
            // exec: the job is the program itself, so a SIGKILL reaches it, as in a shell.
            jobs.add(process("exec " + command.substring(0, command.length() - 1).trim(), index).start());
            return null;
        }
        final Process process = process(command, index).start();
        if (!process.waitFor(timeoutS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("'" + command + "' did not finish within " + timeoutS + " s" + report());
        }
        return new Ran(index, process.exitValue(), read(index + ".out"), read(index + ".err"));
    }

    /** The background job %N (1-based). */
    Process job(final int number) {
        return jobs.get(number - 1);
    }

    /** What the processes of these lines wrote to standard error, together. */
    String errOf(final List<Integer> indexes) throws IOException {
        final StringBuilder out = new StringBuilder();
        for (final int i : indexes) {
            out.append(read(i + ".err"));
        }
        return out.toString();
    }

    /** The line numbers of the lines run so far whose command starts so. */
    List<Integer> linesStarting(final String prefix) {
        final List<Integer> out = new ArrayList<>();
        for (final String entry : transcript) {
            final int colon = entry.indexOf(": ");
            if (entry.substring(colon + 2).startsWith(prefix)) {
                out.add(Integer.parseInt(entry.substring(0, colon)));
            }
        }
        return out;
    }

    private String read(final String name) throws IOException {
        final Path file = workspace.resolve(name);
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** Every line run and what each printed, for a failure's message. */
    String report() throws IOException {
        final StringBuilder out = new StringBuilder("\n");
        for (final String entry : transcript) {
            final String index = entry.substring(0, entry.indexOf(':'));
            out.append("--- ").append(entry).append('\n').append(tail(read(index + ".out")))
                .append(tail(read(index + ".err")));
        }
        return out.toString();
    }

    private static String tail(final String text) {
        final List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()))
            + (lines.isEmpty() ? "" : "\n");
    }

    @Override
    public void close() {
        for (final Process job : jobs) {
            job.descendants().forEach(ProcessHandle::destroyForcibly);
            job.destroyForcibly();
        }
        for (final Process job : jobs) {
            try {
                job.waitFor(30, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
