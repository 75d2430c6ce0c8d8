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
 * {@code /jobs} (JSON; on a loopback address only: they name every peer's site, job key and version). Read-only;
 * paths match exactly; a pool of a few threads, and a request that takes over five seconds to arrive is dropped, so
 * slow clients cannot starve the health check.
 */
public final class PeerHttpServer implements AutoCloseable {
    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final int WORKERS = 8;
    /** How long a request may take to arrive, and a response to leave, before the connection is closed. */
    private static final int REQUEST_SECONDS = 5;

    static {
        // The JDK server reads these once; an embedding program that set its own keeps them.
        defaultProperty("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_SECONDS));
        defaultProperty("sun.net.httpserver.maxRspTime", Integer.toString(2 * REQUEST_SECONDS));
    }

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
        // More workers than slow clients a probe needs to matter; each request has REQUEST_SECONDS to arrive.
        final ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(WORKERS,
            DaemonThreads.factory("sardonyx-http"));
        server.setExecutor(pool);
        final boolean loopback = server.getAddress().getAddress().isLoopbackAddress();
        server.createContext("/", exchange -> {
            final String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/health" -> health(exchange, group);
                case "/metrics" -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                    meters.scrape());
                case "/replica", "/jobs" -> {
                    if (!loopback) {
                        // The replica names every peer's site, job key and version: never to the network.
                        respond(exchange, 403, TEXT, path + " is served only on a loopback address\n");
                        return;
                    }
                    final Replica replica = group.replica();
                    if ("/replica".equals(path)) {
                        respond(exchange, replica == null ? 503 : 200, JSON,
                            replica == null ? "{}" : JsonText.write(ReplicaJson.toJson(replica)));
                    } else {
                        respond(exchange, replica == null ? 503 : 200, JSON,
                            replica == null ? "[]" : JsonText.write(jobs(replica)));
                    }
                }
                default -> respond(exchange, 404, TEXT, "no such path; try /health, /metrics, /replica or /jobs\n");
            }
        });
        server.start();
        return new PeerHttpServer(server, pool);
    }

    private static void health(final HttpExchange exchange, final PeerGroup group) throws IOException {
        final Replica replica = group.replica();
        final boolean joined = replica != null && group.id() != null && replica.membership().joined(group.id());
        final Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", joined ? "up" : "joining");
        health.put("group", group.id());
        health.put("replica-version", replica == null ? -1L : replica.version());
        health.put("peers", (long) group.peers().size());
        health.put("running-tasks", (long) group.running().size());
        respond(exchange, joined ? 200 : 503, JSON, JsonText.write(health));
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

    private static void defaultProperty(final String key, final String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
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
