package io.sardonyx.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sardonyx.client.SardonyxClient;
import io.sardonyx.checkpoint.CheckpointRecord;
import io.sardonyx.checkpoint.Checkpoints;
import io.sardonyx.job.ClassPathFunctionChecker;
import io.sardonyx.job.JobValidator;
import io.sardonyx.codec.JsonText;
import io.sardonyx.job.PackagePolicy;
import io.sardonyx.log.store.LogStore;
import io.sardonyx.log.ReplicaJson;
import io.sardonyx.log.store.ZooKeeperConnection;
import io.sardonyx.log.store.ZooKeeperLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's command blocks, run as written (see {@link ReadmeScript}): every process separate, sharing only what
 * the README has them share, each block in a fresh workspace and HOME. The cluster recipe's job survives a peer group
 * killed with SIGKILL mid-job with no storage option given, and its output is exact.
 */
class ReadmeIT {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReadmeIT.class);
    private static final Duration PATIENCE = Duration.ofMinutes(4);

    @TempDir
    Path dir;
    private ReadmeScript script;
    private CuratorFramework zookeeper;

    @AfterEach
    void stop() {
        if (zookeeper != null) {
            zookeeper.close();
        }
        if (script != null) {
            script.close();
        }
    }

    /** The README's blocks: the quick start, the cluster on one machine, and the functions-and-a-crash recipe. */
    @Test
    void everyCommandBlockOfTheReadmeIsOneThisTestKnows() throws IOException {
        final List<List<String>> blocks = ReadmeScript.blocks();
        assertThat(blocks).as("a new command block needs a test that runs it").hasSize(4);
        assertThat(blocks.get(0)).extracting(ReadmeScript::command)
            .as("the quick start: the demo runs in LauncherIT and .ci/run, verify is the build itself")
            .containsExactly("bin/sardonyx demo", "./mvnw verify");
        assertThat(clusterBlock()).isNotNull();
        assertThat(crashBlock()).isNotNull();
        assertThat(kafkaBlock()).isNotNull();
    }

    private static List<String> kafkaBlock() throws IOException {
        return ReadmeScript.blocks().stream().filter(b -> b.stream().anyMatch(l -> l.contains("env --kafka")))
            .findFirst().orElse(null);
    }

    @Test
    void theKafkaRecipeCountsWordsFromTopicToTopicExactlyOnce() throws Exception {
        script = new ReadmeScript(dir);
        String consumed = null;
        for (final String line : kafkaBlock()) {
            final String command = ReadmeScript.command(line);
            if (command.startsWith("bin/sardonyx run")) {
                // The peers joined in the background: wait for them, as a user would see them in 'sardonyx jobs'.
                awaitOr("the peer group joins", () -> client().replica().membership().peerInfo().size() == 4);
            }
            final ReadmeScript.Ran ran = script.run(line, 300);
            if (ran == null) {
                if (command.startsWith("bin/sardonyx env")) {
                    awaitOr("Kafka listens", () -> ClusterOptions.listening("127.0.0.1", script.kafkaPort));
                }
                continue;
            }
            assertRan(ran, command);
            if (command.startsWith("printf")) {
                assertThat(ran.err()).contains("sent 2 record(s) to lines (2 partition(s))");
            } else if (command.startsWith("bin/sardonyx kafka consume")) {
                consumed = ran.out();
            }
        }
        assertThat(consumed).as(script.report()).contains("{\"word\":\"the\",\"count\":4}",
            "{\"word\":\"cluster\",\"count\":2}", "{\"word\":\"log\",\"count\":2}",
            "{\"word\":\"is\",\"count\":2}", "{\"word\":\"and\",\"count\":1}");
        assertThat(consumed.lines().filter(l -> !l.isBlank())).as("each word once").hasSize(5);
    }

    private static List<String> clusterBlock() throws IOException {
        return ReadmeScript.blocks().stream().filter(b -> b.stream().anyMatch(l -> l.contains("examples/linear.json")))
            .findFirst().orElse(null);
    }

    private static List<String> crashBlock() throws IOException {
        return ReadmeScript.blocks().stream().filter(b -> b.stream().anyMatch(l -> l.contains("kill -9")))
            .findFirst().orElse(null);
    }

    private SardonyxClient client() {
        if (zookeeper == null) {
            zookeeper = ZooKeeperConnection.open("127.0.0.1:" + script.zookeeperPort, 10_000, null);
        }
        return new SardonyxClient(new ZooKeeperLog(zookeeper, "default"), new JobValidator(
            new ClassPathFunctionChecker(getClass().getClassLoader(), PackagePolicy.ANY)));
    }

    private LogStore log() {
        client();
        return new ZooKeeperLog(zookeeper, "default");
    }

    /** Waits for a condition; on a timeout the failure shows every process's output, the log's replica too. */
    private void awaitOr(final String what, final Callable<Boolean> condition) throws IOException {
        try {
            await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(condition);
        } catch (final org.awaitility.core.ConditionTimeoutException e) {
            String replica;
            try {
                replica = JsonText.write(ReplicaJson.toJson(client().replica()));
            } catch (final RuntimeException unreadable) {
                replica = "(unreadable: " + unreadable.getMessage() + ")";
            }
            throw new AssertionError(e.getMessage() + "\nreplica: " + replica + script.report(), e);
        }
    }

    private void assertRan(final ReadmeScript.Ran ran, final String line) throws IOException {
        assertThat(ran.exitCode()).as("'" + line + "' exit code" + script.report()).isZero();
    }

    @Test
    void theClusterOnOneMachineShowsTheWorkOfEveryGroup() throws Exception {
        script = new ReadmeScript(dir);
        String runOut = null;
        String runErr = null;
        for (final String line : clusterBlock()) {
            final String command = ReadmeScript.command(line);
            if (command.startsWith("bin/sardonyx dashboard")) {
                // It serves until stopped: the user opens the page meanwhile.
                script.run(ReadmeScript.command(line) + " &", 0);
                final HttpClient http = HttpClient.newHttpClient();
                final URI page = URI.create("http://127.0.0.1:" + script.dashboardPort + "/");
                awaitOr("the dashboard serves its page", () -> http.send(HttpRequest.newBuilder(page).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
                continue;
            }
            final ReadmeScript.Ran ran = script.run(line, 300);
            if (ran == null) {
                continue;
            }
            assertRan(ran, command);
            if (command.startsWith("bin/sardonyx run")) {
                runOut = ran.out();
                runErr = ran.err();
            } else if (command.equals("bin/sardonyx jobs")) {
                assertThat(ran.out()).contains("completed").contains("2 group(s), 4 peer(s)");
            } else if (command.equals("bin/sardonyx log")) {
                assertThat(ran.out()).contains("submit-job").contains("complete-job");
            }
        }
        assertThat(runOut).as(script.report()).contains("out (5 segments):", "{\"n\":20}", "{\"n\":60}");
        final List<String> progress = runErr.lines().filter(l -> l.startsWith("  in ")).toList();
        assertThat(progress).as("progress lines" + script.report()).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).as("the work of the peers in the other processes")
            .isEqualTo("  in 5 in/5 out | scale 5 in/5 out | out 5 in/5 out");
        final String peersErr = script.errOf(script.linesStarting("bin/sardonyx peers"));
        assertThat(peersErr).as("what the peer groups log")
            .containsPattern("job \\S+ task \\S+ slot \\d: starts on peer")
            .containsPattern("job \\S+ task \\S+ slot \\d: stops on peer \\S+ \\(job completed\\)")
            .containsPattern("job \\S+ completed");
        assertThat(script.home.resolve(".sardonyx/checkpoints/default")).as("the shared default storage").exists();
    }

    @Test
    void theClusterRecipeSurvivesAPeerGroupKilledMidJobWithExactOutput() throws Exception {
        script = new ReadmeScript(dir);
        String job = null;
        long recordedBeforeKill = -1;
        for (final String line : crashBlock()) {
            final String command = ReadmeScript.command(line);
            if (command.startsWith("kill -9")) {
                final String id = job;
                // "A few seconds later": the job runs on every group and has a complete checkpoint.
                awaitOr("the job has a complete checkpoint", () -> record(id).latest() != null
                    && client().replica().allocations().allocated(id));
                recordedBeforeKill = record(id).latest().version();
            }
            if (command.startsWith("cat numbers-out")) {
                final String id = job;
                awaitOr("the job completes", () -> client().replica().jobs().completed().contains(id));
            }
            final ReadmeScript.Ran ran = script.run(line, 300);
            if (ran == null) {
                continue;
            }
            assertRan(ran, command);
            if (command.startsWith("bin/sardonyx submit")) {
                job = ran.out().trim();
                assertThat(job).as("submit prints the job id").matches("[0-9a-f-]{36}");
                script.substitute("JOB", job);
            } else if (command.startsWith("bin/sardonyx checkpoints")) {
                assertThat(ran.out()).as(script.report()).contains("checkpoint(s) in "
                    + script.home.resolve(".sardonyx/checkpoints"));
            } else if (command.startsWith("cat numbers-out")) {
                assertThat(ran.out().trim()).isEqualTo("1000000");
            }
        }
        final String id = job;
        assertThat(client().replica().jobs().completed()).contains(id);
        assertThat(record(id).latest().version()).as("the job ran on a new allocation after the kill")
            .isGreaterThan(recordedBeforeKill);
        final String peersErr = script.errOf(script.linesStarting("bin/sardonyx peers"));
        assertThat(peersErr).as("a peer group logs its recovery" + script.report())
            .containsPattern("job " + id + " task read slot \\d: recovered from checkpoint \\d+-\\d+ \\(\\d+ bytes\\) "
                + "in \\d+ ms");
        // Whether a recovery also redistributes state depends on the order in which the dead group's session ends and
        // the new group joins (the peer count may be six at both the checkpoint and the recovery); RescaleTest and
        // RecoveryFaultIT prove redistribution itself.
        assertExactlyOnce(1_000_000);
        LOG.warn("README recipe: the job's recoveries: {}", peersErr.lines()
            .filter(l -> l.contains("recovered from checkpoint")).map(l -> l.substring(l.indexOf(" - ") + 3)).toList());
    }

    private CheckpointRecord record(final String job) {
        final LogStore.Versioned stored = log().jobDataVersioned(job, Checkpoints.RECORD);
        return stored.data() == null ? CheckpointRecord.NONE
            : CheckpointRecord.fromBytes(stored.data(), stored.version());
    }

    /** Every number of the input, plus one, in the outputs of all slots, exactly once. */
    private void assertExactlyOnce(final int count) throws IOException {
        final BitSet seen = new BitSet(count + 2);
        long total = 0;
        long duplicates = 0;
        try (Stream<Path> files = Files.list(script.workspace)) {
            for (final Path file : files.filter(f -> f.getFileName().toString().matches("numbers-out-\\d+\\.jsonl"))
                .toList()) {
                try (Stream<String> lines = Files.lines(file)) {
                    for (final String line : (Iterable<String>) lines::iterator) {
                        final int n = Integer.parseInt(line.replaceAll("[^0-9]", ""));
                        duplicates += seen.get(n) ? 1 : 0;
                        seen.set(n);
                        total++;
                    }
                }
            }
        }
        assertThat(duplicates).as("duplicated results").isZero();
        assertThat(seen.cardinality()).as("distinct results").isEqualTo(count);
        assertThat(seen.nextSetBit(0)).isEqualTo(2);
        assertThat(seen.previousSetBit(count + 1)).isEqualTo(count + 1);
        assertThat(total).isEqualTo(count);
    }

    @Test
    void theScriptStripsCommentsButNotQuotedHashes() {
        assertThat(ReadmeScript.command("bin/sardonyx jobs   # a comment")).isEqualTo("bin/sardonyx jobs");
        assertThat(ReadmeScript.command("seq 1 3 | sed 's/#.*/{\"n\": &}/' > f  # c")).isEqualTo(
            "seq 1 3 | sed 's/#.*/{\"n\": &}/' > f");
    }
}
