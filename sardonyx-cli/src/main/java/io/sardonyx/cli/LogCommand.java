package io.sardonyx.cli;

import io.sardonyx.codec.JsonText;
import io.sardonyx.job.JsonValues;
import io.sardonyx.log.store.LogEntry;
import io.sardonyx.log.Origin;
import io.sardonyx.log.store.Transition;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sardonyx log}: the entries of the log, one a line. */
@Command(name = "log", mixinStandardHelpOptions = true,
    description = "Print the log's entries from its origin, one a line: message id, time, command, arguments and "
        + "what it changed.")
final class LogCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private ClusterOptions cluster;

    @Option(names = {"--follow", "-f"}, description = "Keep printing new entries until stopped.")
    private boolean follow;

    @Override
    public Integer call() throws InterruptedException {
        final PrintWriter out = spec.commandLine().getOut();
        try (ClusterOptions.Connection connection = cluster.connect(spec.commandLine().getErr())) {
            if (follow) {
                connection.sardonyx()
                    .followLog((entry, replica) -> {
                        print(out, entry, "");
                        out.flush();
                    });
                return 0;
            }
            final Origin origin = connection.log().origin();
            out.println("origin: entry " + origin.messageId());
            var replica = origin.replica();
            for (long id = origin.messageId() + 1; ; id++) {
                final Optional<LogEntry> entry = connection.log().read(id);
                if (entry.isEmpty()) {
                    break;
                }
                final Transition t = Transition.apply(replica, entry.get());
                replica = t.after();
                print(out, entry.get(), t.diff().none() ? " (no change)" : " => " + oneLine(t.diff().values()));
            }
            out.flush();
        }
        return 0;
    }

    private static void print(final PrintWriter out, final LogEntry entry, final String diff) {
        out.println(entry.messageId() + " " + Instant.ofEpochMilli(entry.createdAtMs()) + " "
            + entry.command().name() + " " + oneLine(entry.command().args()) + diff);
    }

    private static String oneLine(final Object value) {
        return JsonText.write(JsonValues.normalize(value, "log")).replaceAll("\\s*\\n\\s*", " ");
    }
}
