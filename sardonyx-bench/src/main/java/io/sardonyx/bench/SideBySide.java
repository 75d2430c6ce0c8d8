package io.sardonyx.bench;

import io.sardonyx.codec.JsonText;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/bench side-by-side [quick]}: every workload on Sardonyx and on Flink 2.3, each in a JVM of its own with
 * the same JDK and heap, sessions alternating (Sardonyx, Flink, Sardonyx, Flink) so warm-up and machine noise fall on
 * both alike; the first round of each session warms up and is not counted. Prints one table (median throughput,
 * p50/p99 latency, submit-to-first-output, the ratio Sardonyx/Flink and each result's fraction of a plain Java loop
 * doing the same work) and writes the results as JSON under {@code target/bench/}.
 */
final class SideBySide {
    private static final String HEAP = "-Xmx3g";
    private final PrintStream out;
    private final boolean quick;
    private final Path home = Path.of(System.getProperty("sardonyx.home", "."));

    private final List<String> only;

    /** @param only the workloads to run (empty: all) */
    SideBySide(final PrintStream out, final boolean quick, final List<String> only) {
        this.out = out;
        this.quick = quick;
        this.only = only;
    }

    private record Workload(String id, String what, long count, long rate) {
    }

    void run() throws Exception {
        final long w1 = quick ? 300_000 : 3_000_000;
        final List<Workload> workloads = new ArrayList<>(List.of(
            new Workload("W1", "in -> inc x4 -> out, 100-byte payload, one JVM (Sardonyx fused, Flink chained)", w1,
                0),
            new Workload("W1x", "the same, every hop serialised (Sardonyx unfused over Aeron IPC, Flink chaining off)",
                w1 / 3, 0),
            new Workload("W2", "grouped 1 s window count, 10,000 keys, checkpoint 1 s, heap state", w1 * 3, 0),
            new Workload("W2r", "the same, RocksDB state", w1, 0),
            new Workload("W3", "Yahoo-style: filter views -> project campaign -> 10 s window count per campaign, "
                + "checkpoint 1 s", w1 * 2, 0),
            new Workload("W4", "recovery: the peers holding " + String.format(Locale.ROOT, "%,d",
                quick ? 100_000 : 1_000_000) + " keys of state go; time to output again (paced, checkpoint 1 s)",
                quick ? 100_000 : 1_000_000, quick ? 100_000 : 200_000),
            new Workload("W5", "submit to first output segment", 1_000, 0)));
        if (!only.isEmpty()) {
            workloads.removeIf(w -> !only.contains(w.id()));
        }
        final List<Map<String, Object>> rows = new ArrayList<>();
        final Map<String, Double> raw = new java.util.HashMap<>();
        raw.put("W1", rawLoop(w1));
        raw.put("W1x", raw.get("W1"));
        raw.put("W2", rawWindowLoop(w1 * 3, false));
        raw.put("W2r", raw.get("W2"));
        raw.put("W3", rawWindowLoop(w1 * 2, true));
        for (final Workload w : workloads) {
            final List<Map<String, Object>> sardonyx = new ArrayList<>();
            final List<Map<String, Object>> flink = new ArrayList<>();
            final int sessions = quick ? 1 : 2;
            final int rounds = quick ? 2 : 3;
            for (int s = 0; s < sessions; s++) {
                sardonyx.addAll(measured(child("sardonyx", w, rounds)));
                flink.addAll(measured(child("flink", w, rounds)));
            }
            rows.add(summary(w, "sardonyx", sardonyx, raw.get(w.id())));
            rows.add(summary(w, "flink", flink, raw.get(w.id())));
        }
        if (workloads.isEmpty() || !"W1".equals(workloads.get(0).id())) {
            finish(rows, workloads, null);
            return;
        }
        // Latency at half of the lower peak, the same rate for both.
        final double peak = Math.min((Double) rows.get(0).get("throughput"), (Double) rows.get(1).get("throughput"));
        final long half = Math.max(1_000, (long) (peak / 2));
        final Workload latency = new Workload("W1L", "W1 paced at " + half + "/s (half the lower peak): latency",
            half * 3, half);
        // Rounds of three seconds, the first a warm-up: tail latency needs the code compiled; the median of four.
        final int rounds = quick ? 2 : 5;
        rows.add(summary(latency, "sardonyx", measured(child("sardonyx", latency, rounds)), null));
        rows.add(summary(latency, "flink", measured(child("flink", latency, rounds)), null));
        finish(rows, workloads, latency);
    }

    private void finish(final List<Map<String, Object>> rows, final List<Workload> workloads, final Workload latency)
        throws java.io.IOException {
        print(rows, workloads, latency);
        final Path dir = home.resolve("target").resolve("bench");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("side-by-side.json"), JsonText.write(rows));
        out.println("results: " + dir.resolve("side-by-side.json"));
    }

    private static List<Map<String, Object>> measured(final List<Map<String, Object>> rounds) {
        return rounds.size() > 1 ? rounds.subList(1, rounds.size()) : rounds;
    }

    /** Runs one session of a workload in a new JVM and reads its results. */
    private List<Map<String, Object>> child(final String system, final Workload w, final int rounds) throws Exception {
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-Xms1g", HEAP, "-XX:+UseG1GC", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"));
        if ("flink".equals(system)) {
            command.addAll(List.of("--add-opens", "java.base/java.util=ALL-UNNAMED", "--add-opens",
                "java.base/java.lang=ALL-UNNAMED", "-cp", classpath("sardonyx-bench-flink", "flink.classpath"),
                "io.sardonyx.bench.flink.FlinkBench"));
        } else {
            command.addAll(List.of("-cp", classpath("sardonyx-bench", "bench.classpath"), "io.sardonyx.bench.Bench",
                "child"));
        }
        command.addAll(List.of(w.id(), Long.toString(w.count()), Integer.toString(rounds), Long.toString(w.rate())));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final List<Map<String, Object>> results = new ArrayList<>();
        final List<String> tail = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("RESULT ")) {
                    @SuppressWarnings("unchecked")
                    final Map<String, Object> result = (Map<String, Object>) JsonText.parse(line.substring(7)
                        .replace("NaN", "null"));
                    results.add(result);
                } else {
                    tail.add(line);
                    if (tail.size() > 30) {
                        tail.remove(0);
                    }
                }
            }
        }
        if (!process.waitFor(15, TimeUnit.MINUTES) || results.size() < rounds) {
            process.destroyForcibly();
            throw new IllegalStateException(system + " " + w.id() + " gave " + results.size() + " of " + rounds
                + " results; its last lines:\n" + String.join("\n", tail));
        }
        return results;
    }

    private String classpath(final String module, final String file) throws Exception {
        final Path dir = home.resolve(module).resolve("target");
        return dir.resolve("classes") + java.io.File.pathSeparator + Files.readString(dir.resolve(file)).trim();
    }

    private static double median(final List<Map<String, Object>> rounds, final String key) {
        final List<Double> values = new ArrayList<>();
        rounds.stream().filter(r -> r.get(key) instanceof Number)
            .forEach(r -> values.add(((Number) r.get(key)).doubleValue()));
        values.sort(Double::compare);
        return values.isEmpty() ? Double.NaN : values.get(values.size() / 2);
    }

    private static Map<String, Object> summary(final Workload w, final String system,
                                               final List<Map<String, Object>> rounds, final Double raw) {
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("workload", w.id());
        row.put("what", w.what());
        row.put("system", system);
        row.put("rounds", rounds.size());
        row.put("throughput", median(rounds, "throughput"));
        // Steady throughput: from the first output on, leaving out job start-up (Flink's is over a second).
        final List<Map<String, Object>> steady = new ArrayList<>();
        for (final Map<String, Object> r : rounds) {
            final double seconds = ((Number) r.get("seconds")).doubleValue()
                - ((Number) r.get("firstMs")).doubleValue() / 1000;
            steady.add(Map.of("steady", seconds > 0 ? ((Number) r.get("segments")).doubleValue() / seconds : 0.0));
        }
        row.put("steady", median(steady, "steady"));
        row.put("p50Ms", median(rounds, "p50Ms"));
        row.put("p99Ms", median(rounds, "p99Ms"));
        row.put("firstMs", median(rounds, "firstMs"));
        if (raw != null) {
            row.put("rawLoop", raw);
        }
        row.put("all", rounds);
        return row;
    }

    private void print(final List<Map<String, Object>> rows, final List<Workload> workloads, final Workload latency) {
        out.printf(Locale.ROOT, "%-4s %-9s %14s %14s %10s %10s %10s %8s %9s%n", "", "system", "segments/s",
            "steady/s", "p50 ms", "p99 ms", "first ms", "S/F", "of loop");
        final List<Workload> all = new ArrayList<>(workloads);
        if (latency != null) {
            all.add(latency);
        }
        for (final Workload w : all) {
            Map<String, Object> s = null;
            Map<String, Object> f = null;
            for (final Map<String, Object> row : rows) {
                if (w.id().equals(row.get("workload"))) {
                    if ("sardonyx".equals(row.get("system"))) {
                        s = row;
                    } else {
                        f = row;
                    }
                }
            }
            final boolean firstOnly = "W5".equals(w.id()) || "W4".equals(w.id());
            final boolean latencyOnly = "W1L".equals(w.id());
            final double ratio = firstOnly ? (Double) s.get("firstMs") / (Double) f.get("firstMs")
                : latencyOnly ? (Double) s.get("p99Ms") / (Double) f.get("p99Ms")
                : windowed(w) ? (Double) s.get("throughput") / (Double) f.get("throughput")
                : (Double) s.get("steady") / (Double) f.get("steady");
            for (final Map<String, Object> row : List.of(s, f)) {
                final Object loop = row.get("rawLoop");
                out.printf(Locale.ROOT, "%-4s %-9s %,14.0f %,14.0f %10s %10s %10.1f %8s %9s%n", w.id(),
                    row.get("system"), (Double) row.get("throughput"),
                    windowed(w) ? Double.NaN : (Double) row.get("steady"),
                    latency(row.get("p50Ms")), latency(row.get("p99Ms")),
                    (Double) row.get("firstMs"), row == s ? String.format(Locale.ROOT, "%.2f", ratio) : "",
                    loop == null ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * (Double) row.get(windowed(w)
                        ? "throughput" : "steady") / (Double) loop));
            }
        }
        out.println("segments/s: submit to completion; steady/s: from the first output on (job start-up left out). "
            + "S/F: Sardonyx over Flink; steady throughput for W1 and W1x, submit-to-completion throughput for W2 and "
            + "W2r and W3 (higher is better for Sardonyx), time to output again for W4 and first-output "
            + "time for W5 (in the first ms column) and p99 latency for W1L (lower is better for Sardonyx). "
            + "of loop: the "
            + "fraction of a plain "
            + "Java loop doing the same work on the same segments.");
        for (final Workload w : all) {
            out.println("  " + w.id() + ": " + w.what() + (w.count() > 1_000 ? String.format(Locale.ROOT,
                " (%,d segments a round)", w.count()) : ""));
        }
    }

    /** A window's first output comes a window after the start: "steady" means nothing there. */
    private static boolean windowed(final Workload w) {
        return w.id().startsWith("W2") || "W3".equals(w.id()) || "W4".equals(w.id());
    }

    private static String latency(final Object ms) {
        // Microseconds show: a chained pipeline's latency is a fraction of a millisecond.
        return ms instanceof Double d && !d.isNaN() && d > 0 ? String.format(Locale.ROOT, d >= 1 ? "%.2f" : "%.4f", d)
            : "";
    }

    /** The W1 work as a plain loop: make each segment, four increments making new maps, count. Segments/s. */
    private static double rawLoop(final long count) {
        final byte[] data = new byte[100];
        double best = 0;
        for (int round = 0; round < 3; round++) {
            long sum = 0;
            final long start = System.nanoTime();
            for (long n = 0; n < count; n++) {
                Map<String, Object> segment = Map.of("n", n, "data", data, "t0", start);
                for (int i = 0; i < 4; i++) {
                    segment = BenchFns.inc(segment);
                }
                sum += (Long) segment.get("n");
            }
            final double rate = count / ((System.nanoTime() - start) / 1e9);
            if (sum != 0 && rate > best) {
                best = rate;
            }
        }
        return best;
    }

    /**
     * W2's work (or W3's, with {@code ysb}) as a plain loop: make each segment as the input makes it, (filter and
     * project,) count per key and 1-second (10-second) window in a hash map, emit and drop a window's counts once the
     * event time passes it. Segments/s, best of three.
     */
    private static double rawWindowLoop(final long count, final boolean ysb) {
        double best = 0;
        final Ysb.Input events = new Ysb.Input();
        for (int round = 0; round < 3; round++) {
            final Map<Long, long[]> counts = new java.util.HashMap<>();
            long emitted = 0;
            long open = 0;
            final long span = ysb ? 10_000 : 1_000;
            final long start = System.nanoTime();
            for (long n = 0; n < count; n++) {
                Map<String, Object> segment = ysb ? events.make(n, start)
                    : Map.of("key", n % 10_000, "t", n / 1_000, "v", n % 500);
                if (ysb) {
                    segment = Ysb.views(segment);
                    if (segment == null) {
                        continue;
                    }
                    segment = Ysb.project(segment);
                }
                final long window = (Long) segment.get("t") / span;
                if (window > open) {
                    emitted += counts.size();
                    counts.clear();
                    open = window;
                }
                counts.computeIfAbsent((Long) segment.get(ysb ? "campaign" : "key"), k -> new long[1])[0]++;
            }
            emitted += counts.size();
            final double rate = count / ((System.nanoTime() - start) / 1e9);
            if (emitted > 0 && rate > best) {
                best = rate;
            }
        }
        return best;
    }
}
