package io.sardonyx.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sardonyx} command and its entry point. */
@Command(
    name = "sardonyx",
    mixinStandardHelpOptions = true,
    versionProvider = SardonyxCommand.Version.class,
    description = {
        "Sardonyx: a masterless engine for batch and stream processing.",
        "Peers coordinate only through a shared log; jobs are plain data.",
        ""},
    subcommands = {DemoCommand.class, RunCommand.class, ValidateCommand.class, KeysCommand.class, EnvCommand.class,
        PeersCommand.class, SubmitCommand.class, JobsCommand.class, KillCommand.class,
        CheckpointsCommand.class, GcCommand.class, LogCommand.class, DashboardCommand.class, KafkaCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Run 'sardonyx COMMAND --help' for the options of a command."})
public final class SardonyxCommand implements Runnable {
    /** Exit code for a job or argument that is wrong. */
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line; picocli's usage errors already exit with {@link #EXIT_BAD_INPUT}. */
    public static CommandLine commandLine() {
        return new CommandLine(new SardonyxCommand()).setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler((e, cli, parsed) -> {
                // One clear line, not a stack trace; SARDONYX_DEBUG=1 shows the trace.
                cli.getErr().println("sardonyx " + cli.getCommandName() + ": " + e.getMessage());
                if (System.getenv("SARDONYX_DEBUG") != null) {
                    e.printStackTrace(cli.getErr());
                }
                cli.getErr().flush();
                // An option naming what cannot be used (a missing file, a malformed value) is bad input.
                return e instanceof IllegalArgumentException ? EXIT_BAD_INPUT : 1;
            });
    }

    /**
     * Runs the command.
     *
     * @param args the command line
     */
    public static void main(final String[] args) {
        io.sardonyx.messaging.JdkAccess.ensure();
        System.exit(commandLine().execute(args));
    }

    /** The version from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            final Properties properties = new Properties();
            try (InputStream in = SardonyxCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot read the version resource", e);
            }
            return new String[] {"sardonyx " + properties.getProperty("version", "(unknown version)"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
