package io.sardonyx.dashboard;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.staticfiles.Location;
import io.javalin.websocket.WsContext;
import io.sardonyx.log.store.JobData;
import io.sardonyx.codec.JsonText;
import io.sardonyx.log.ReplicaJson;
import io.sardonyx.log.store.ZooKeeperLog;
import io.sardonyx.log.command.KillJob;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's web server: the page, the list of tenancies, a WebSocket per tenancy streaming its history, the
 * replica at any position, the log and replica as JSON downloads, a job's details, and (when enabled, with a token)
 * killing a job. Binds to 127.0.0.1 unless told otherwise; the WebSocket refuses pages of other origins.
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final String JSON = "application/json";
    private static final String TOKEN_HEADER = "X-Sardonyx-Token";
    /** Wrong tokens a minute before each further guess is refused outright. */
    private static final int FREE_GUESSES = 5;
    private static final long MINUTE_NS = 60_000_000_000L;
    private final java.util.ArrayDeque<Long> failures = new java.util.ArrayDeque<>();

    private final CuratorFramework client;
    private final Settings settings;
    private final Map<String, TenancyFeed> feeds = new ConcurrentHashMap<>();
    private final Javalin app;
    private volatile boolean connected = true;

    /**
     * What the server does.
     *
     * @param host    the address to bind (127.0.0.1 unless the dashboard is to be reached from other machines)
     * @param port    the port (0: any free one)
     * @param actions whether the page may kill jobs
     * @param token   what a kill request must carry when actions are on, and every request when the server is bound
     *                beyond a loopback address (required then)
     */
    public record Settings(String host, int port, boolean actions, String token) {
        public Settings {
            if (actions && (token == null || token.isBlank())) {
                throw new IllegalArgumentException("actions need a token: pass --token, and give it to the page");
            }
            if (!loopback(host) && (token == null || token.isBlank())) {
                throw new IllegalArgumentException("a dashboard bound to " + host + " would serve every tenancy's "
                    + "log beyond this machine: pass --token (the page asks for it), or bind to 127.0.0.1");
            }
        }

        /** True when the address is a loopback one: the server is reached from this machine only. */
        static boolean loopback(final String host) {
            try {
                return java.net.InetAddress.getByName(host).isLoopbackAddress();
            } catch (final java.net.UnknownHostException e) {
                return false;
            }
        }

        /** Localhost, any free port, no actions. */
        public static Settings local() {
            return new Settings("127.0.0.1", 0, false, null);
        }
    }

    private DashboardServer(final CuratorFramework client, final Settings settings) {
        this.client = client;
        this.settings = settings;
        // Operations against a lost server only fail after their retries; the connection's state says it at once.
        client.getConnectionStateListenable().addListener((c, state) -> {
            connected = state.isConnected();
            feeds.values().forEach(feed -> feed.zookeeper(state.isConnected()));
        });
        this.app = Javalin.create(cfg -> {
            cfg.jetty.host = settings.host();
            cfg.jetty.port = settings.port();
            cfg.jetty.modifyWebSocketServletFactory(f -> f.setIdleTimeout(Duration.ofMinutes(30)));
            cfg.staticFiles.add("/dashboard", Location.CLASSPATH);
            // Every request, the page and the WebSocket included: a name other than this server's own is a DNS
            // rebinding (another site's page, resolved to this address); beyond loopback, reads need the token.
            cfg.routes.before(this::guard);
            cfg.routes.get("/api/config", ctx -> {
                final Map<String, Object> config = new LinkedHashMap<>();
                config.put("actions", settings.actions());
                config.put("token-required", !Settings.loopback(settings.host()));
                json(ctx, config);
            });
            cfg.routes.get("/api/tenancies", ctx -> json(ctx, tenancies()));
            cfg.routes.get("/api/tenancies/{tenancy}/log.json", ctx -> {
                final boolean stripped = "true".equals(ctx.queryParam("stripped"));
                final List<Object> entries = feed(ctx.pathParam("tenancy")).entries();
                download(ctx, stripped ? "log-stripped" : "log", stripped ? Stripping.strip(entries) : entries);
            });
            cfg.routes.get("/api/tenancies/{tenancy}/replica.json", this::replica);
            cfg.routes.get("/api/tenancies/{tenancy}/jobs/{job}", ctx -> json(ctx,
                feed(ctx.pathParam("tenancy")).job(ctx.pathParam("job"))));
            cfg.routes.post("/api/tenancies/{tenancy}/jobs/{job}/kill", this::kill);
            cfg.routes.wsBeforeUpgrade("/api/tenancies/{tenancy}/feed", ctx -> {
                guard(ctx);
                sameOrigin(ctx);
            });
            cfg.routes.ws("/api/tenancies/{tenancy}/feed", ws -> {
                final Map<String, Consumer<Map<String, Object>>> subscribed = new ConcurrentHashMap<>();
                ws.onConnect(ctx -> {
                    ctx.enableAutomaticPings();
                    try {
                        final TenancyFeed feed = feed(ctx.pathParam("tenancy"));
                        final Consumer<Map<String, Object>> listener = message -> send(ctx, message);
                        subscribed.put(ctx.sessionId, listener);
                        feed.subscribe(listener);
                    } catch (final RuntimeException e) {
                        // The page learns that the feed failed, never how: the reason goes to this server's log.
                        LOG.warn("dashboard: the feed of tenancy {} failed", ctx.pathParam("tenancy"), e);
                        ctx.closeSession(1011, "the feed is unavailable; see the dashboard's log");
                    }
                });
                ws.onClose(ctx -> unsubscribe(ctx, subscribed));
                ws.onError(ctx -> unsubscribe(ctx, subscribed));
            });
        });
    }

    /** Starts a dashboard over a ZooKeeper connection it does not own. */
    public static DashboardServer start(final CuratorFramework client, final Settings settings) {
        final DashboardServer server = new DashboardServer(client, settings);
        server.app.start();
        LOG.info("dashboard on {}", server.url());
        return server;
    }

    /** Where the page is. */
    public String url() {
        final String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + app.port() + "/";
    }

    public int port() {
        return app.port();
    }

    private static void send(final WsContext ctx, final Map<String, Object> message) {
        ctx.send(JsonText.writeLine(message));
    }

    private void unsubscribe(final WsContext ctx, final Map<String, Consumer<Map<String, Object>>> subscribed) {
        final Consumer<Map<String, Object>> listener = subscribed.remove(ctx.sessionId);
        if (listener != null) {
            feed(ctx.pathParam("tenancy")).unsubscribe(listener);
        }
    }

    /**
     * Refuses a request whose Host names another server (a DNS rebinding: an attacker's name resolved to this
     * address), and, when the server is bound beyond loopback, one that does not carry the token (in the
     * {@code X-Sardonyx-Token} header, or the {@code token} query parameter for the WebSocket and downloads).
     */
    private void guard(final Context ctx) {
        final String host = ctx.header("Host");
        if (host == null || !allowedHost(host)) {
            throw new ForbiddenResponse("this dashboard answers to its own address only, not to Host " + host);
        }
        if (!Settings.loopback(settings.host()) && !"/api/config".equals(ctx.path()) && ctx.path().startsWith("/api/")
            && !tokenMatches(ctx.header(TOKEN_HEADER) != null ? ctx.header(TOKEN_HEADER) : ctx.queryParam("token"))) {
            failedToken(ctx);
            throw new io.javalin.http.UnauthorizedResponse("this dashboard needs its token");
        }
    }

    private boolean allowedHost(final String header) {
        final String name = header.startsWith("[") ? header.substring(0, header.indexOf(']') + 1)
            : header.contains(":") ? header.substring(0, header.lastIndexOf(':')) : header;
        if (name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]")) {
            return true;
        }
        final String bound = settings.host();
        // Bound to every address, a name cannot be checked; the token guards every read then.
        return bound.equals("0.0.0.0") || bound.equals("::") || name.equalsIgnoreCase(bound)
            || name.equalsIgnoreCase("[" + bound + "]");
    }

    private boolean tokenMatches(final String token) {
        return token != null && settings.token() != null && MessageDigest.isEqual(
            token.getBytes(StandardCharsets.UTF_8), settings.token().getBytes(StandardCharsets.UTF_8));
    }

    /** Logs a wrong token and, past a few a minute, makes every guess wait its turn: guessing stays slow. */
    private void failedToken(final Context ctx) {
        final long now = System.nanoTime();
        final int recent;
        synchronized (failures) {
            failures.addLast(now);
            while (!failures.isEmpty() && now - failures.peekFirst() > MINUTE_NS) {
                failures.removeFirst();
            }
            recent = failures.size();
        }
        LOG.warn("dashboard: wrong or missing token from {} for {} ({} in the last minute)", ctx.ip(), ctx.path(),
            recent);
        if (recent > FREE_GUESSES) {
            throw new io.javalin.http.HttpResponseException(429, "too many wrong tokens; try again in a minute");
        }
    }

    /** A browser always sends Origin on a WebSocket upgrade: it must be this server's own page. */
    private static void sameOrigin(final Context ctx) {
        final String origin = ctx.header("Origin");
        final String host = ctx.header("Host");
        if (origin != null && !origin.equals("http://" + host)) {
            throw new ForbiddenResponse("the feed serves only this dashboard's own page, not " + origin);
        }
    }

    private Map<String, Object> tenancies() {
        final Map<String, Object> out = new LinkedHashMap<>();
        if (!connected) {
            out.put("tenancies", List.copyOf(feeds.keySet()));
            out.put("zookeeper", false);
            return out;
        }
        try {
            final List<String> names = client.checkExists().forPath("/sardonyx") == null ? List.of()
                : new ArrayList<>(client.getChildren().forPath("/sardonyx"));
            // Newest first, as Onyx's dashboard listed them.
            final Map<String, Long> created = new LinkedHashMap<>();
            for (final String name : names) {
                final org.apache.zookeeper.data.Stat stat = client.checkExists().forPath("/sardonyx/" + name);
                created.put(name, stat == null ? 0 : stat.getCtime());
            }
            names.sort((a, b) -> Long.compare(created.get(b), created.get(a)));
            out.put("tenancies", names);
            out.put("zookeeper", true);
        } catch (final Exception e) {
            out.put("tenancies", List.copyOf(feeds.keySet()));
            out.put("zookeeper", false);
            out.put("error", String.valueOf(e.getMessage()));
        }
        return out;
    }

    private TenancyFeed feed(final String tenancy) {
        return feeds.computeIfAbsent(tenancy, t -> new TenancyFeed(t, new ZooKeeperLog(client, t), () -> connected));
    }

    private void replica(final Context ctx) {
        final TenancyFeed feed = feed(ctx.pathParam("tenancy"));
        final String at = ctx.queryParam("at");
        final int position;
        try {
            position = at == null ? feed.size() : Integer.parseInt(at);
            download(ctx, "replica-" + position, ReplicaJson.toJson(feed.replicaAt(position)));
        } catch (final IllegalArgumentException e) {
            ctx.status(400).result("\"at\" must be a position from 0 to " + feed.size() + ": " + e.getMessage());
        }
    }

    private void kill(final Context ctx) {
        if (!settings.actions()) {
            ctx.status(403).result("actions are off; start the dashboard with --actions --token TOKEN to kill jobs "
                + "from the page");
            return;
        }
        if (!tokenMatches(ctx.header(TOKEN_HEADER))) {
            failedToken(ctx);
            ctx.status(401).result("a kill needs the dashboard's token in the " + TOKEN_HEADER + " header");
            return;
        }
        final TenancyFeed feed = feed(ctx.pathParam("tenancy"));
        final String job = ctx.pathParam("job");
        if (!feed.replicaAt(feed.size()).jobs().active().contains(job)) {
            ctx.status(409).result("job " + job + " is not running");
            return;
        }
        final long id = JobData.kill(feed.store(), job, KillJob.ANY_VERSION, "killed from the dashboard", null);
        json(ctx, Map.of("killed", job, "entry", id));
    }

    private static void json(final Context ctx, final Object value) {
        ctx.contentType(JSON).result(JsonText.writeLine(value));
    }

    private static void download(final Context ctx, final String name, final Object value) {
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + ".json\"");
        json(ctx, value);
    }

    @Override
    public void close() {
        feeds.values().forEach(TenancyFeed::close);
        app.stop();
    }
}
