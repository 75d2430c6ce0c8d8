package io.sardonyx.runtime;

import io.sardonyx.client.Peers;
import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.client.JobHandle;
import io.sardonyx.api.JobStatus;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.api.SegmentQueue;
import io.sardonyx.job.Job;
import io.sardonyx.job.Task;
import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.task.RuntimeSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A peer group's HTTP endpoint, on localhost, while a streaming job runs. */
class PeerHttpServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(final InetSocketAddress at, final String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + path))
            .timeout(java.time.Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    /** Every task on peers of its own: the hops between them are what is tested. */
    private static final String APART = io.sardonyx.job.Fusion.JOB_CONFIG_KEY;

    @Test
    void servesHealthMetricsReplicaAndJobs() throws Exception {
        try (Sardonyx sardonyx = Sardonyx.builder().runtime(RuntimeSettings.DEFAULT.withBarrierPeriodMs(50))
            .http("127.0.0.1", 0).build()) {
            final Peers group = sardonyx.startPeers(3);
            final InetSocketAddress at = group.httpAddress().orElseThrow();
            assertThat(at.getAddress().isLoopbackAddress()).isTrue();
            final SegmentQueue in = sardonyx.queue("http-in");
            final JobHandle job = sardonyx.submit(Job.builder().chain("in", "inc", "out").jobConfig(APART, false)
                .task(Task.input("in", "queue").batchSize(10).with("queue/name", "http-in"))
                .task(Task.function("inc", "io.sardonyx.runtime.Fns::inc").batchSize(10))
                .task(Task.output("out", "collect").batchSize(10))
                .taskScheduler(TaskSchedulerKind.BALANCED).build());
            Awaitility.await().until(() -> job.status() == JobStatus.RUNNING);
            for (long i = 0; i < 25; i++) {
                in.put(Map.of("n", i));
            }
            Awaitility.await().until(() -> get(at, "/metrics").body()
                .matches("(?s).*sardonyx_task_segments_out_total\\{[^}]*task=\"inc\"[^}]*} 25\\.0.*"));
            final String metrics = get(at, "/metrics").body();
            assertThat(metrics).contains("sardonyx_task_batch_latency_seconds").contains("quantile=\"0.99\"")
                .contains("sardonyx_task_back_pressure_total");
            final HttpResponse<String> health = get(at, "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\": \"up\"").contains(group.id());
            assertThat(get(at, "/jobs").body()).contains(job.id()).contains("\"running\"").contains("\"inc\"");
            assertThat(get(at, "/replica").body()).contains(group.id());
            in.close();
            assertThat(RuntimeTestSupport.await(sardonyx, job).completed()).isTrue();
            Awaitility.await().until(() -> get(at, "/jobs").body().contains("\"completed\""));
        }
    }

    @Test
    void slowClientsCannotStarveTheHealthCheckAndPathsMatchExactly() throws Exception {
        try (Sardonyx sardonyx = Sardonyx.builder().http("127.0.0.1", 0).build()) {
            final Peers group = sardonyx.startPeers(1);
            final InetSocketAddress at = group.httpAddress().orElseThrow();
            Awaitility.await().until(() -> get(at, "/health").statusCode() == 200);
            // Slow clients: each sends the start of a request, then a header byte now and then, never the end.
            final java.util.List<java.net.Socket> slow = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    final java.net.Socket socket = new java.net.Socket("127.0.0.1", at.getPort());
                    socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(
                        java.nio.charset.StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    slow.add(socket);
                }
                final long start = System.nanoTime();
                assertThat(get(at, "/health").statusCode()).isEqualTo(200);
                assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("health answers at once")
                    .isLessThan(java.time.Duration.ofSeconds(3));
                // A request that does not arrive within five seconds is dropped: the server closes the connection.
                final java.net.Socket first = slow.get(0);
                first.setSoTimeout(30_000);
                Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> {
                    first.getOutputStream().write('a');
                    return first.getInputStream().read() == -1;
                });
            } catch (final java.io.IOException closed) {
                // Writing to a connection the server closed fails: that is the drop this waits for.
            } finally {
                for (final java.net.Socket socket : slow) {
                    socket.close();
                }
            }
            assertThat(get(at, "/healthz").statusCode()).as("no prefix match").isEqualTo(404);
            assertThat(get(at, "/health/x").statusCode()).isEqualTo(404);
            assertThat(get(at, "/").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void theReplicaIsNotServedBeyondLoopback() throws Exception {
        // Bound to every address (as a group on a network is), reached here over loopback all the same.
        try (Sardonyx sardonyx = Sardonyx.builder().http("0.0.0.0", 0).build()) {
            final InetSocketAddress at = sardonyx.startPeers(1).httpAddress().orElseThrow();
            Awaitility.await().until(() -> get(at, "/health").statusCode() == 200);
            assertThat(get(at, "/replica").statusCode()).isEqualTo(403);
            assertThat(get(at, "/jobs").statusCode()).isEqualTo(403);
            assertThat(get(at, "/metrics").statusCode()).isEqualTo(200);
        }
    }
}
