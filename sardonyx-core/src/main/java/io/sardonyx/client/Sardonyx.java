package io.sardonyx.client;

import io.sardonyx.api.SegmentQueue;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sardonyx.checkpoint.CheckpointStorage;
import io.sardonyx.checkpoint.Checkpoints;
import io.sardonyx.checkpoint.TenancyStorage;
import io.sardonyx.codec.TenancySecret;
import io.sardonyx.job.ClassPathFunctionChecker;
import io.sardonyx.job.Job;
import io.sardonyx.job.JobValidator;
import io.sardonyx.job.PackagePolicy;
import io.sardonyx.log.CheckpointLocation;
import io.sardonyx.log.store.EmbeddedZooKeeper;
import io.sardonyx.log.LogParameters;
import io.sardonyx.log.store.LogStore;
import io.sardonyx.log.store.LogStoreException;
import io.sardonyx.log.store.ZooKeeperConnection;
import io.sardonyx.log.store.ZooKeeperLog;
import io.sardonyx.log.store.ZooKeeperTls;
import io.sardonyx.messaging.AeronMessenger;
import io.sardonyx.messaging.MessagingSettings;
import io.sardonyx.metrics.PeerHttpServer;
import io.sardonyx.peer.LocalResources;
import io.sardonyx.peer.PeerGroup;
import io.sardonyx.peer.PeerGroupConfig;
import io.sardonyx.peer.PeerRuntime;
import io.sardonyx.job.JobSchedulerKind;
import io.sardonyx.task.RuntimeSettings;
import io.sardonyx.usercode.UserCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;

/**
 * A Sardonyx environment in this JVM: a connection to a tenancy (to a ZooKeeper ensemble, or to an embedded server
 * it starts), the peer groups it runs, and a client for jobs.
 *
 * <pre>{@code
 * try (Sardonyx sardonyx = Sardonyx.builder().build()) {       // embedded ZooKeeper
 *     sardonyx.startPeers(4);
 *     JobHandle job = sardonyx.submit(Job.fromJson(text));
 *     JobOutcome outcome = job.await(Duration.ofMinutes(1));
 *     List<Map<String, Object>> out = job.collected("write-counts");
 * }
 * }</pre>
 *
 * Thread-safe. Closing it stops its peer groups (they leave the cluster), its connection and its embedded server.
 */
public final class Sardonyx implements AutoCloseable {
    static {
        // Before anything makes an Agrona buffer: embedding programs need no JVM flags.
        io.sardonyx.messaging.JdkAccess.ensure();
    }

    /** Set by the first close: a second (a shutdown hook racing the caller) does nothing. */
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final Builder config;
    private final EmbeddedZooKeeper embedded;
    /** The embedded server's data directory when this instance made it (deleted on close), else null. */
    private final Path madeZooKeeperDir;
    private final CuratorFramework client;
    final LogStore store;
    private final LocalResources resources;
    private final EnvironmentStorage storage;
    final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final ReplicaFollower follower;
    final SardonyxClient jobs;
    final LocalGroups groups = new LocalGroups();

    /**
     * @param config    a copy of the builder nobody else holds, so later calls on the builder change nothing here
     * @param madeZkDir the embedded server's data directory when build() made it
     */
    private Sardonyx(final Builder config, final EmbeddedZooKeeper embedded, final Path madeZkDir,
                     final CuratorFramework client) {
        this.config = config;
        this.embedded = embedded;
        this.madeZooKeeperDir = madeZkDir;
        this.client = client;
        this.store = new ZooKeeperLog(client, config.tenancy, config.secret);
        // The log exists from here on; its checkpoint storage is recorded by the first peer group.
        store.parameters(config.parameters());
        this.storage = new EnvironmentStorage(store, config.tenancy, config.parameters(), config::requestedStorage,
            madeZkDir != null, config.retainCheckpoints, config.secret);
        this.resources = new LocalResources(store);
        this.follower = new ReplicaFollower(store);
        this.jobs = new SardonyxClient(store, new JobValidator(
            new ClassPathFunctionChecker(config.classLoader, config.packagePolicy)), storage::adopted);
    }

    /** A builder with the defaults: an embedded ZooKeeper, tenancy "default", no peers until startPeers. */
    public static Builder builder() {
        return new Builder();
    }

    /** The ZooKeeper address in use (the embedded server's when there is one). */
    public String zookeeper() {
        return embedded != null ? embedded.connectString() : config.zookeeper;
    }

    /** The tenancy (the cluster's name) this environment uses. */
    public String tenancy() {
        return config.tenancy;
    }

    /** The meters of every task run in this JVM, in Prometheus text format. */
    public String scrape() {
        return meters.scrape();
    }

    /** The cluster as of the latest log entry this environment has read. */
    public ClusterView cluster() {
        return ClusterView.of(follower.replica());
    }

    /**
     * Compacts the tenancy's log: a new origin at the latest entry, finished jobs forgotten (their data and
     * checkpoints deleted, unless a resume point still names them).
     */
    public SardonyxClient.GcResult gc() {
        return jobs.gc();
    }

    /** The in-process queue of that name for the {@code queue} plugin, made (holding 10,000) if new. */
    public SegmentQueue queue(final String name) {
        return resources.queue(name, 10_000);
    }

    /** Starts a peer group of {@code n} virtual peers in this JVM, which joins the cluster. */
    public Peers startPeers(final int n, final String... tags) {
        // A group that could not read the tenancy's checkpoints must never join: it would kill jobs at recovery.
        final Checkpoints checkpoints = storage.forPeers();
        final AeronMessenger messenger = AeronMessenger.start(config.messaging, config.advertisedAddress,
            config.messagingPort, config.secret);
        final PeerGroup group;
        try {
            final PeerRuntime runtime = new PeerRuntime(store, messenger,
                new UserCode(config.classLoader, config.packagePolicy), resources, config.runtime, meters,
                checkpoints);
            // Each group watches pulses through its own log view, so one group's unwatch never cancels another's.
            group = new PeerGroup(new ZooKeeperLog(client, config.tenancy, config.secret),
                new PeerGroupConfig(n, List.of(tags), messenger.site(), config.parameters()), runtime);
            // The endpoint first: a port in use must fail before the group joins the cluster.
            final PeerHttpServer http = config.httpPort < 0 ? null
                : PeerHttpServer.start(config.httpHost, config.httpPort, group, meters);
            try {
                group.start();
            } catch (final RuntimeException e) {
                if (http != null) {
                    http.close();
                }
                throw e;
            }
            groups.add(group, runtime, http);
        } catch (final RuntimeException e) {
            messenger.close();
            throw e;
        }
        return new Peers(group, groups);
    }

    /**
     * The directory this environment keeps the tenancy's checkpoints in; empty with another storage, or before the
     * tenancy records one (its first peer group does).
     */
    public java.util.Optional<Path> checkpointDirectory() {
        return storage.directory();
    }

    /** Where the tenancy keeps its checkpoints, as its log parameters record it; empty before its first peer group. */
    public java.util.Optional<String> checkpointStorage() {
        return storage.described();
    }

    /** A job's complete checkpoints, oldest first, with their sizes in storage (none before any peer group). */
    public List<CheckpointView> checkpoints(final String jobId) {
        return storage.list(jobId).stream().map(CheckpointView::of).toList();
    }

    /** The peer groups this environment started and has not stopped. */
    public List<Peers> peers() {
        return groups.groups().stream().map(g -> new Peers(g, groups)).toList();
    }

    /**
     * Validates and submits a job.
     *
     * @throws io.sardonyx.job.InvalidJobException listing every problem
     */
    public JobHandle submit(final Job job) {
        return new JobHandle(jobs.submitJob(job), store, follower, jobs);
    }

    /** A handle on a job submitted earlier (by this or another client). */
    public JobHandle job(final String jobId) {
        return new JobHandle(jobId, store, follower, jobs);
    }

    /**
     * Stops the groups, then closes every part, each even when an earlier one fails (the first failure is thrown with
     * the others suppressed), and deletes only the directories this instance made.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        final Closing closing = new Closing();
        groups.closeAll(closing);
        closing.then("the log follower", follower::close)
            .then("the in-process queues", resources::close);
        storage.close(closing);
        closing.then("the ZooKeeper connection", client::close);
        if (embedded != null) {
            closing.then("the embedded ZooKeeper", embedded::close)
                .then("the ZooKeeper directory this environment made", () -> Closing.deleteMade(madeZooKeeperDir));
        }
        closing.then("the meters", meters::close).done();
    }

    /** How to start an environment. */
    public static final class Builder {
        private String zookeeper;
        private Path embeddedDataDir;
        private String tenancy = "default";
        private String credentials;
        private ZooKeeperTls zookeeperTls;
        private int sessionTimeoutMs = 10_000;
        private ClassLoader classLoader = Sardonyx.class.getClassLoader();
        private PackagePolicy packagePolicy = PackagePolicy.ANY;
        private MessagingSettings messaging = MessagingSettings.DEFAULT;
        private RuntimeSettings runtime = RuntimeSettings.DEFAULT;
        private String advertisedAddress = "127.0.0.1";
        private int messagingPort;
        private JobSchedulerKind jobScheduler = JobSchedulerKind.GREEDY;
        private long awaitZooKeeperMs;
        private String httpHost = "127.0.0.1";
        private int httpPort = -1;
        private CheckpointLocation checkpointLocation;
        private CheckpointStorage checkpointStorage;
        private int retainCheckpoints = 3;
        private TenancySecret secret;
        private Consumer<String> onRetry = message -> { };

        private Builder() {
        }

        /** A copy, which the built instance keeps as its configuration. */
        private Builder(final Builder from) {
            this.zookeeper = from.zookeeper;
            this.embeddedDataDir = from.embeddedDataDir;
            this.tenancy = from.tenancy;
            this.credentials = from.credentials;
            this.zookeeperTls = from.zookeeperTls;
            this.sessionTimeoutMs = from.sessionTimeoutMs;
            this.classLoader = from.classLoader;
            this.packagePolicy = from.packagePolicy;
            this.messaging = from.messaging;
            this.runtime = from.runtime;
            this.advertisedAddress = from.advertisedAddress;
            this.messagingPort = from.messagingPort;
            this.jobScheduler = from.jobScheduler;
            this.awaitZooKeeperMs = from.awaitZooKeeperMs;
            this.httpHost = from.httpHost;
            this.httpPort = from.httpPort;
            this.checkpointLocation = from.checkpointLocation;
            this.checkpointStorage = from.checkpointStorage;
            this.retainCheckpoints = from.retainCheckpoints;
            this.secret = from.secret;
            this.onRetry = from.onRetry;
        }

        /** The storage asked for, opened for the tenancy, or null to use the tenancy's (or the default). */
        private CheckpointStorage requestedStorage() {
            if (checkpointStorage != null) {
                return checkpointStorage;
            }
            return checkpointLocation == null ? null
                : TenancyStorage.open(checkpointLocation, tenancy, System.getenv());
        }

        /** Use this ZooKeeper ({@code host:port[,...]}) rather than an embedded server. */
        public Builder zookeeper(final String connectString) {
            this.zookeeper = Objects.requireNonNull(connectString, "connectString");
            return this;
        }

        /** Where an embedded server keeps its data (default: a temporary directory, deleted on close). */
        public Builder embeddedDataDir(final Path dir) {
            this.embeddedDataDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** The cluster's name: peers of one tenancy share one log (default "default"). */
        public Builder tenancy(final String name) {
            this.tenancy = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Reach ZooKeeper over TLS (its secure client port) with these stores; not for the embedded server. */
        public Builder zookeeperTls(final ZooKeeperTls tls) {
            this.zookeeperTls = tls;
            return this;
        }

        /** {@code user:password}: znodes are created readable by these credentials only. */
        public Builder credentials(final String userAndPassword) {
            this.credentials = userAndPassword;
            return this;
        }

        /** How long a silent peer group keeps its pulse, so how fast a crash is noticed (default 10000). */
        public Builder sessionTimeoutMs(final int ms) {
            this.sessionTimeoutMs = ms;
            return this;
        }

        /** Where job functions, lifecycles and plugins are loaded from. */
        public Builder classLoader(final ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /**
         * Which classes jobs may name: {@link PackagePolicy#ANY} by default (any outside the JDK), an allowlist, or
         * {@link PackagePolicy#CLASS_PATH_ONLY} (those of {@link #classLoader} and Sardonyx's own, as the command line
         * does).
         */
        public Builder packagePolicy(final PackagePolicy policy) {
            this.packagePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Allows job functions only from these packages and their sub-packages (none given: any outside the JDK). */
        public Builder allowPackages(final String... packages) {
            this.packagePolicy = new PackagePolicy(List.of(Objects.requireNonNull(packages, "packages")));
            return this;
        }

        /** Bind address, short-circuit, Aeron term buffer and largest segment of this JVM's peer groups. */
        public Builder messaging(final MessagingSettings settings) {
            this.messaging = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Barrier period, idle back-off, liveness and restart limits of this JVM's peers. */
        public Builder runtime(final RuntimeSettings settings) {
            this.runtime = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The address other machines send this JVM's peers segments at, and the UDP port (0: any free one). */
        public Builder advertise(final String address, final int port) {
            this.advertisedAddress = Objects.requireNonNull(address, "address");
            this.messagingPort = port;
            return this;
        }

        /** How the cluster shares peers between jobs; every peer of a tenancy must agree (default greedy). */
        public Builder jobScheduler(final JobSchedulerKind kind) {
            this.jobScheduler = Objects.requireNonNull(kind, "kind");
            return this;
        }

        /**
         * Keep trying to reach ZooKeeper for up to this long (0, the default: fail at the first timeout), telling
         * the listener before each retry.
         */
        public Builder awaitZooKeeper(final Duration patience, final Consumer<String> retries) {
            this.awaitZooKeeperMs = patience.toMillis();
            this.onRetry = Objects.requireNonNull(retries, "retries");
            return this;
        }

        /**
         * Serve each peer group's HTTP endpoint (health, metrics, replica, jobs) on this address; port 0 picks a
         * free one. Off by default.
         */
        public Builder http(final String host, final int port) {
            this.httpHost = Objects.requireNonNull(host, "host");
            this.httpPort = port;
            return this;
        }

        /**
         * Keep the tenancy's checkpoints in this directory (below it, per tenancy), one every peer group of the
         * tenancy reaches. Without any checkpoint setting, a process adopts the storage its tenancy recorded; the
         * first peer group of a tenancy records {@code ~/.sardonyx/checkpoints} (see {@link SardonyxHome}), or, on an
         * embedded ZooKeeper in a temporary directory, a temporary directory deleted on close.
         */
        public Builder checkpoints(final Path dir) {
            this.checkpointLocation = TenancyStorage.parse(Objects.requireNonNull(dir, "dir").toString(), null,
                null);
            this.checkpointStorage = null;
            return this;
        }

        /**
         * Keep the tenancy's checkpoints in a directory or in S3-compatible storage ({@code s3://bucket/prefix}, with
         * the service's endpoint, or null for AWS); S3 credentials come from {@code AWS_ACCESS_KEY_ID},
         * {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_REGION}.
         *
         * @throws IllegalArgumentException when the location names no bucket, or an endpoint comes with a directory
         */
        public Builder checkpoints(final String location, final String s3Endpoint) {
            this.checkpointLocation = TenancyStorage.parse(Objects.requireNonNull(location, "location"), s3Endpoint,
                System.getenv("AWS_REGION"));
            this.checkpointStorage = null;
            return this;
        }

        /** Keep checkpoints in this storage (one of its own kind, already scoped to the tenancy). */
        public Builder checkpoints(final CheckpointStorage storage) {
            this.checkpointStorage = Objects.requireNonNull(storage, "storage");
            this.checkpointLocation = null;
            return this;
        }

        /**
         * The tenancy's secret (at least 16 bytes), shared by every process of the tenancy and no one else. Frames
         * between groups carry a MAC made with it, and so do log entries and checkpoint blobs (HMAC-SHA-256, each
         * with its own derived key); a frame, entry or blob without a valid one is refused, counted and logged.
         */
        public Builder secret(final byte[] tenancySecret) {
            return secret(TenancySecret.of(Objects.requireNonNull(tenancySecret, "tenancySecret")));
        }

        /** The tenancy's secret, already read. */
        public Builder secret(final TenancySecret tenancySecret) {
            this.secret = Objects.requireNonNull(tenancySecret, "tenancySecret");
            return this;
        }

        /** How many complete checkpoints each job keeps (default 3). */
        public Builder retainCheckpoints(final int count) {
            this.retainCheckpoints = count;
            return this;
        }

        LogParameters parameters() {
            return new LogParameters(jobScheduler, LogParameters.LOG_FORMAT).withSealedEntries(secret != null);
        }

        private CuratorFramework connect(final String address) {
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(awaitZooKeeperMs);
            while (true) {
                try {
                    return ZooKeeperConnection.open(address, sessionTimeoutMs, credentials, zookeeperTls);
                } catch (final LogStoreException e) {
                    if (System.nanoTime() >= deadline) {
                        throw e;
                    }
                    onRetry.accept(e.getMessage() + "; retrying");
                }
            }
        }

        /**
         * Connects (starting the embedded server first when no address was given).
         *
         * @throws LogStoreException when ZooKeeper cannot be reached within the session timeout
         */
        public Sardonyx build() {
            final Builder frozen = new Builder(this);
            Path madeDir = null;
            EmbeddedZooKeeper server = null;
            CuratorFramework curator = null;
            try {
                if (frozen.zookeeper == null) {
                    Path dir = frozen.embeddedDataDir;
                    if (dir == null) {
                        try {
                            madeDir = Files.createTempDirectory("sardonyx-zookeeper");
                        } catch (final IOException e) {
                            throw new UncheckedIOException("cannot make a directory for the embedded ZooKeeper", e);
                        }
                        dir = madeDir;
                    }
                    server = EmbeddedZooKeeper.start("127.0.0.1", 0, dir);
                }
                curator = frozen.connect(server != null ? server.connectString() : frozen.zookeeper);
                return new Sardonyx(frozen, server, madeDir, curator);
            } catch (final RuntimeException e) {
                final Path made = madeDir;
                final EmbeddedZooKeeper started = server;
                final CuratorFramework connected = curator;
                final Closing closing = new Closing();
                if (connected != null) {
                    closing.then("the ZooKeeper connection", connected::close);
                }
                if (started != null) {
                    closing.then("the embedded ZooKeeper", started::close);
                }
                closing.then("the ZooKeeper directory this build made", () -> Closing.deleteMade(made));
                try {
                    closing.done();
                } catch (final RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        }
    }
}
