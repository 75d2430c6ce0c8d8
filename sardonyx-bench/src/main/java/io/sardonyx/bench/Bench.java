package io.sardonyx.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** Entry point of {@code bin/bench WORKLOAD...}. */
public final class Bench {
    private Bench() {
    }

    /**
     * @param args the workloads to run (default: coordination)
     */
    public static void main(final String[] args) throws Exception {
        if (args.length == 5 && "child".equals(args[0])) {
            final PrintStream childOut = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out),
                true, StandardCharsets.UTF_8);
            new ChildRun(childOut).run(args[1], Long.parseLong(args[2]), Integer.parseInt(args[3]),
                Long.parseLong(args[4]));
            System.exit(0);
        }
        if (args.length == 5 && "kafka-child".equals(args[0])) {
            KafkaBench.child(args[1], args[2], args[3], args[4]);
            System.exit(0);
        }
        if ((args.length == 3 || args.length == 4) && "peers".equals(args[0])) {
            RuntimeBench.peers(args[1], Integer.parseInt(args[2]), args.length == 4 && "sealed".equals(args[3]));
            return;
        }
        final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
            StandardCharsets.UTF_8);
        final List<String> workloads = args.length == 0 ? List.of("coordination") : List.of(args);
        try {
            run(out, workloads);
        } catch (final Exception e) {
            // Printed to stdout: the embedded environment's shutdown can leave stderr unusable.
            out.println("bench failed: " + e);
            e.printStackTrace(out);
            System.exit(1);
        }
    }

    private static void run(final PrintStream out, final List<String> workloads) throws Exception {
        for (final String given : workloads) {
            // side-by-side[-quick]:W1,W1L runs only the workloads named.
            final String workload = given.contains(":") ? given.substring(0, given.indexOf(':')) : given;
            final List<String> only = given.contains(":")
                ? List.of(given.substring(given.indexOf(':') + 1).split(",")) : List.of();
            switch (workload.toLowerCase(Locale.ROOT)) {
                case "coordination" -> new CoordinationBench(out).run();
                case "coordination-replay" -> new CoordinationBench(out).runReplayOnly();
                case "runtime" -> new RuntimeBench(out, false).run();
                case "runtime-quick" -> new RuntimeBench(out, true).run();
                case "windows" -> new WindowBench(out, false).run();
                case "side-by-side" -> new SideBySide(out, false, only).run();
                case "side-by-side-quick" -> new SideBySide(out, true, only).run();
                case "windows-quick" -> new WindowBench(out, true).run();
                case "kafka" -> new KafkaBench(out, false).run();
                case "kafka-quick" -> new KafkaBench(out, true).run();
                default -> {
                    out.println("unknown workload " + workload
                        + "; known: coordination, coordination-replay, runtime, runtime-quick, windows, "
                        + "windows-quick, side-by-side[:W1,W1x,...], side-by-side-quick[:W1,...], kafka, kafka-quick");
                    System.exit(2);
                }
            }
        }
    }
}
