package io.sardonyx.metrics;

import io.sardonyx.threads.DaemonThreads;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sardonyx.codec.JsonText;
import io.sardonyx.log.Replica;
import io.sardonyx.log.ReplicaJson;
import io.sardonyx.peer.PeerGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * A peer group's HTTP endpoint: {@code GET /health} (JSON; 503 until the group has joined), {@code /metrics}
 * (Prometheus text: segments in and out, batch latency, back pressure, per task), {@code /replica} and
 * {@code /jobs} (JSON). Read-only; one small thread pool.
 */
public final class PeerHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ThreadPoolExecutor pool;

    private PeerHttpServer(final HttpServer server, final ThreadPoolExecutor pool) {
        this.server = server;
        this.pool = pool;
    }

    /**
     * Starts serving.
     *
     * @param host where to bind ({@code 127.0.0.1} unless the endpoint must be reachable from elsewhere)
     * @param port the port, or 0 for a free one
     * @throws UncheckedIOException naming the address when it cannot bind
     */
    public static PeerHttpServer start(final String host, final int port, final PeerGroup group,
                                       final PrometheusMeterRegistry meters) {
        final HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot serve HTTP on " + host + ":" + port, e);
        }
        final ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(2,
            DaemonThreads.factory("sardonyx-http"));
        server.setExecutor(pool);
        server.createContext("/health", exchange -> {
            final Replica replica = group.replica();
            final boolean joined = replica != null && group.id() != null && replica.membership().joined(group.id());
            final Map<String, Object> health = new LinkedHashMap<>();
            health.put("status", joined ? "up" : "joining");
            health.put("group", group.id());
            health.put("replica-version", replica == null ? -1L : replica.version());
            health.put("peers", (long) group.peers().size());
            health.put("running-tasks", (long) group.running().size());
            respond(exchange, joined ? 200 : 503, "application/json", JsonText.write(health));
        });
        server.createContext("/metrics", exchange ->
            respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", meters.scrape()));
        server.createContext("/replica", exchange -> {
            final Replica replica = group.replica();
            respond(exchange, replica == null ? 503 : 200, "application/json",
                replica == null ? "{}" : JsonText.write(ReplicaJson.toJson(replica)));
        });
        server.createContext("/jobs", exchange -> {
            final Replica replica = group.replica();
            respond(exchange, replica == null ? 503 : 200, "application/json",
                replica == null ? "[]" : JsonText.write(jobs(replica)));
        });
        server.start();
        return new PeerHttpServer(server, pool);
    }

    /** Every job the replica knows, with its status and the peers of each task. */
    static List<Object> jobs(final Replica replica) {
        final List<String> ids = new ArrayList<>(replica.jobs().active());
        ids.addAll(replica.jobs().completed());
        ids.addAll(replica.jobs().killed());
        final List<Object> out = new ArrayList<>();
        for (final String id : ids) {
            final Map<String, Object> job = new LinkedHashMap<>();
            job.put("id", id);
            job.put("status", replica.status(id).name().toLowerCase(java.util.Locale.ROOT));
            final Map<String, Object> tasks = new LinkedHashMap<>();
            replica.allocations().byJob().getOrDefault(id, Map.of()).forEach((task, peers) ->
                tasks.put(task, List.copyOf(peers)));
            job.put("tasks", tasks);
            job.put("coordinator", replica.allocations().coordinators().get(id));
            out.add(job);
        }
        return out;
    }

    private static void respond(final HttpExchange exchange, final int status, final String type, final String body)
        throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The address served, {@code host:port}. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
