package io.sardonyx.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sardonyx.client.Sardonyx;
import io.sardonyx.log.store.ZooKeeperConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;

/** The server over HTTP: tenancies, the feed and its origin check, downloads, and the guarded kill action. */
class DashboardServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(final String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(final String url, final String token) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
            .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("X-Sardonyx-Token", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheFeedToItsOwnPageOnlyAndGuardsKills() throws Exception {
        try (Sardonyx sardonyx = Sardonyx.builder().build();
             CuratorFramework client = ZooKeeperConnection.open(sardonyx.zookeeper(), 10_000, null);
             DashboardServer server = DashboardServer.start(client, new DashboardServer.Settings("127.0.0.1", 0,
                 true, "s3cret"))) {
            sardonyx.startPeers(2);
            assertThat(server.url()).startsWith("http://127.0.0.1:");
            assertThat(get(server.url()).body()).contains("<title>Sardonyx dashboard</title>");
            assertThat(get(server.url() + "api/tenancies").body()).contains("\"default\"")
                .contains("\"zookeeper\":true");

            final List<String> messages = new CopyOnWriteArrayList<>();
            final String feed = "ws://127.0.0.1:" + server.port() + "/api/tenancies/default/feed";
            final WebSocket socket = http.newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + server.port())
                .buildAsync(URI.create(feed), new Collector(messages)).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> messages.stream().anyMatch(m -> m.contains("hello")));
            assertThat(messages.get(0)).contains("\"type\":\"hello\"").contains("\"origin\"");

            final CompletableFuture<WebSocket> foreign = http.newWebSocketBuilder()
                .header("Origin", "http://evil.example").buildAsync(URI.create(feed), new Collector(messages));
            assertThat(foreign).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(Exception.class)
                .satisfies(e -> assertThat(((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse()
                    .statusCode()).as("a page of another origin is refused").isEqualTo(403));

            final String job = sardonyx.submit(Jobs.ticks("endless", 0, 50)).id();
            await().atMost(Duration.ofSeconds(30)).until(() -> messages.stream().anyMatch(m -> m.contains(
                "\"job-started\"")));
            final String kill = server.url() + "api/tenancies/default/jobs/" + job + "/kill";
            assertThat(post(kill, null).statusCode()).isEqualTo(401);
            assertThat(post(kill, "wrong").statusCode()).isEqualTo(401);
            assertThat(post(kill, "s3cret").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> messages.stream().anyMatch(m -> m.contains(
                "\"job-killed\"")));
            assertThat(get(server.url() + "api/tenancies/default/jobs/" + job).body())
                .contains("killed from the dashboard").contains("\"job-name\":\"endless\"");
            assertThat(post(kill, "s3cret").statusCode()).as("not running any more").isEqualTo(409);

            final HttpResponse<String> log = get(server.url() + "api/tenancies/default/log.json");
            assertThat(log.headers().firstValue("Content-Disposition").orElse("")).contains("log.json");
            assertThat(log.body()).contains("\"fn\":\"submit-job\"").contains("\"fn\":\"kill-job\"");
            assertThat(get(server.url() + "api/tenancies/default/log.json?stripped=true").body())
                .contains("\"name\":\"t0\"").doesNotContain("\"name\":\"in\"").contains("\"fn\":\"kill-job\"");
            assertThat(get(server.url() + "api/tenancies/default/replica.json?at=0").body())
                .contains("\"jobs\":[]");
            assertThat(get(server.url() + "api/tenancies/default/replica.json?at=100000").statusCode())
                .isEqualTo(400);
            socket.abort();
        }
    }

    @Test
    void tellsThePageWhenZooKeeperStopsAnswering(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
        throws Exception {
        final io.sardonyx.log.store.EmbeddedZooKeeper zookeeper = io.sardonyx.log.store.EmbeddedZooKeeper.start(
            "127.0.0.1", 0,
            dir);
        try (CuratorFramework client = ZooKeeperConnection.open(zookeeper.connectString(), 3_000, null);
             DashboardServer server = DashboardServer.start(client, DashboardServer.Settings.local())) {
            new io.sardonyx.log.store.ZooKeeperLog(client, "quiet").parameters(io.sardonyx.log.LogParameters.DEFAULT);
            final List<String> messages = new CopyOnWriteArrayList<>();
            http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port()
                + "/api/tenancies/quiet/feed"), new Collector(messages)).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> messages.stream().anyMatch(m -> m.contains("hello")));
            assertThat(messages.get(0)).contains("\"zookeeper\":true");
            zookeeper.close();
            await().atMost(Duration.ofSeconds(60)).until(() -> get(server.url() + "api/tenancies").body()
                .contains("\"zookeeper\":false"));
            await().atMost(Duration.ofSeconds(60)).until(() -> messages.stream().anyMatch(m -> m.contains(
                "{\"type\":\"zookeeper\",\"up\":false}")));
        } finally {
            zookeeper.close();
        }
    }

    @Test
    void killsAreRefusedWhenActionsAreOff() throws Exception {
        try (Sardonyx sardonyx = Sardonyx.builder().build();
             CuratorFramework client = ZooKeeperConnection.open(sardonyx.zookeeper(), 10_000, null);
             DashboardServer server = DashboardServer.start(client, DashboardServer.Settings.local())) {
            final HttpResponse<String> refused = post(server.url() + "api/tenancies/default/jobs/x/kill", "any");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("--actions");
            assertThat(get(server.url() + "api/config").body())
                .isEqualTo("{\"actions\":false,\"token-required\":false}");
        }
    }

    /** A raw request, so the Host header can be anyone's (HttpClient will not set it). */
    private static String raw(final int port, final String host, final String path) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close"
                + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aPageOfAnotherNameIsRefusedItsReadsAndItsFeed() throws Exception {
        try (Sardonyx sardonyx = Sardonyx.builder().build();
             CuratorFramework client = ZooKeeperConnection.open(sardonyx.zookeeper(), 10_000, null);
             DashboardServer server = DashboardServer.start(client, DashboardServer.Settings.local())) {
            final int port = server.port();
            // DNS rebinding: the attacker's name resolves to 127.0.0.1, the browser sends it as Host.
            assertThat(raw(port, "evil.example:" + port, "/api/tenancies")).startsWith("HTTP/1.1 403");
            assertThat(raw(port, "evil.example:" + port, "/api/tenancies/default/log.json"))
                .startsWith("HTTP/1.1 403");
            final String upgrade = "/api/tenancies/default/feed";
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET " + upgrade + " HTTP/1.1\r\nHost: evil.example:" + port
                    + "\r\nOrigin: http://evil.example:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade"
                    + "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                final String answer = new String(socket.getInputStream().readNBytes(12),
                    java.nio.charset.StandardCharsets.US_ASCII);
                assertThat(answer).as("no history for a rebound page").isEqualTo("HTTP/1.1 403");
            }
            assertThat(raw(port, "127.0.0.1:" + port, "/api/tenancies")).startsWith("HTTP/1.1 200");
            assertThat(raw(port, "localhost:" + port, "/api/tenancies")).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void beyondLoopbackEveryReadNeedsTheTokenAndWrongTokensAreSlowedAndLogged() throws Exception {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DashboardServer.Settings("0.0.0.0", 0, false,
            null)).hasMessageContaining("pass --token");
        try (Sardonyx sardonyx = Sardonyx.builder().build();
             CuratorFramework client = ZooKeeperConnection.open(sardonyx.zookeeper(), 10_000, null);
             DashboardServer server = DashboardServer.start(client, new DashboardServer.Settings("0.0.0.0", 0, false,
                 "s3cret"))) {
            final String base = "http://127.0.0.1:" + server.port() + "/";
            assertThat(get(base + "api/config").body()).contains("\"token-required\":true");
            assertThat(get(base + "api/tenancies?token=s3cret").statusCode()).isEqualTo(200);
            for (int guess = 1; guess <= 5; guess++) {
                assertThat(get(base + "api/tenancies?token=guess" + guess).statusCode()).isEqualTo(401);
            }
            assertThat(get(base + "api/tenancies").statusCode()).as("past five a minute").isEqualTo(429);
            assertThat(get(base + "api/tenancies/default/log.json?token=guess").statusCode()).isEqualTo(429);
        }
    }

    /** Gathers text messages. */
    private static final class Collector implements WebSocket.Listener {
        private final List<String> messages;
        private final StringBuilder partial = new StringBuilder();

        Collector(final List<String> messages) {
            this.messages = messages;
        }

        @Override
        public CompletionStage<?> onText(final WebSocket socket, final CharSequence data, final boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }
}
