package io.sardonyx.cli;

import io.sardonyx.log.EmbeddedZooKeeper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sardonyx env}: a ZooKeeper server for development, until stopped. */
@Command(name = "env", mixinStandardHelpOptions = true,
    description = "Run an embedded ZooKeeper server (a real one, reachable by other JVMs and zkCli) until stopped.")
final class EnvCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
        description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only).")
    private String bind;

    @Option(names = "--port", defaultValue = "2181", description = "Client port. Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--data-dir", description = "Where to keep the data. Default: ~/.sardonyx/zookeeper.")
    private Path dataDir;

    @Override
    public Integer call() throws InterruptedException {
        final PrintWriter out = spec.commandLine().getOut();
        final Path data = dataDir != null ? dataDir : Path.of(System.getProperty("user.home"), ".sardonyx",
            "zookeeper");
        final EmbeddedZooKeeper server = EmbeddedZooKeeper.start(bind, port, data);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "sardonyx-env-stop"));
        out.println("ZooKeeper listening on " + server.connectString() + " (data in " + data + "); Ctrl-C stops it");
        out.flush();
        stopped.await();
        return 0;
    }
}
