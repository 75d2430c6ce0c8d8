package io.sardonyx.log.store;

import io.sardonyx.log.JsonArgs;
import io.sardonyx.codec.TenancySecret;
import io.sardonyx.log.LogParameters;
import io.sardonyx.log.Origin;
import io.sardonyx.log.Replica;
import io.sardonyx.log.ReplicaJson;
import io.sardonyx.log.StoredJob;
import io.sardonyx.codec.JsonText;
import io.sardonyx.job.JsonValues;
import io.sardonyx.log.command.LogCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;

/**
 * The log in ZooKeeper, through one Curator client (one session per peer group). Layout under
 * {@code /sardonyx/<tenancy>}: {@code log/entry-%010d} (persistent sequential, JSON), {@code origin} (gzipped
 * JSON, rewritten only forward by compare-and-set on its version), {@code log-parameters} (first writer wins),
 * {@code jobs/<job-id>} (definitions, written before their submit entry) and {@code pulse/<group-id>}
 * (ephemeral: a group's pulse lives exactly as long as its session).
 */
public final class ZooKeeperLog implements LogStore {
    /** Largest origin accepted, compressed: ZooKeeper's default znode limit is 1 MiB. */
    public static final int MAX_ORIGIN_BYTES = 1000 * 1024;
    private static final String ENTRY = "entry-";
    private final CuratorFramework client;
    private final String root;
    private final String tenancy;
    /** Seals appended entries and checks read ones; null without the tenancy's secret. */
    private final EntrySeal seal;
    /** Whether the tenancy's parameters say its entries are sealed, once read as true. */
    private volatile boolean knownSealed;
    private final Set<String> watched = ConcurrentHashMap.newKeySet();

    /**
     * @param client  a started Curator client; the log does not close it
     * @param tenancy the cluster's name; its peers share the log under {@code /sardonyx/<tenancy>}
     */
    public ZooKeeperLog(final CuratorFramework client, final String tenancy) {
        this(client, tenancy, null);
    }

    /**
     * A tenancy's log whose entries are sealed with the tenancy's secret: this store seals what it appends and
     * rejects, as a {@link io.sardonyx.log.command.RejectedEntry}, what it reads without a valid seal.
     *
     * @param secret the tenancy's secret, or null for none
     */
    public ZooKeeperLog(final CuratorFramework client, final String tenancy, final TenancySecret secret) {
        if (tenancy == null || !tenancy.matches("[A-Za-z0-9_.\\-]{1,128}")) {
            throw new IllegalArgumentException("tenancy \"" + tenancy + "\" must be 1-128 letters, digits, '_', '.' "
                + "or '-'");
        }
        this.client = client;
        this.root = "/sardonyx/" + tenancy;
        this.tenancy = tenancy;
        this.seal = secret == null ? null : new EntrySeal(secret, tenancy);
    }

    /** The root path of this tenancy. */
    public String root() {
        return root;
    }

    private String path(final String child) {
        return root + "/" + child;
    }

    private static String entryName(final long messageId) {
        return String.format("%s%010d", ENTRY, messageId);
    }

    @Override
    public LogParameters parameters(final LogParameters proposed) {
        try {
            try {
                client.create().creatingParentsIfNeeded().forPath(path("log-parameters"), json(proposed.toJson()));
                final Origin origin = new Origin(-1, Replica.empty(proposed));
                client.create().creatingParentsIfNeeded().forPath(path("origin"), originBytes(origin));
                client.create().creatingParentsIfNeeded().forPath(path("log"));
                return proposed;
            } catch (final KeeperException.NodeExistsException e) {
                return upgraded(proposed);
            }
        } catch (final KeeperException.NodeExistsException e) {
            throw fail("the log of " + root + " is half-initialised (another peer is creating it); retry", e);
        } catch (final Exception e) {
            throw fail("cannot read or create the log parameters of " + root, e);
        }
    }

    /** The stored parameters, given the proposed checkpoint storage when they name none (compare-and-set). */
    private LogParameters upgraded(final LogParameters proposed) throws Exception {
        while (true) {
            final Stat stat = new Stat();
            final LogParameters stored = LogParameters.fromJson(map(client.getData().storingStatIn(stat)
                .forPath(path("log-parameters")), "log parameters"));
            if (stored.checkpointStorage() != null || proposed.checkpointStorage() == null) {
                return stored;
            }
            final LogParameters next = stored.withCheckpointStorage(proposed.checkpointStorage());
            try {
                client.setData().withVersion(stat.getVersion()).forPath(path("log-parameters"), json(next.toJson()));
                return next;
            } catch (final KeeperException.BadVersionException e) {
                // Another group recorded its storage first: read again, and take that one.
                continue;
            }
        }
    }

    @Override
    public Optional<LogParameters> storedParameters() {
        try {
            return Optional.of(LogParameters.fromJson(map(client.getData().forPath(path("log-parameters")),
                "log parameters")));
        } catch (final KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (final Exception e) {
            throw fail("cannot read the log parameters of " + root, e);
        }
    }

    @Override
    public long append(final LogCommand command, final String peerParent, final long entryParent) {
        final byte[] encoded = LogEntry.encode(command, peerParent, entryParent);
        if (seal == null && sealedTenancy()) {
            throw new LogStoreException("tenancy " + tenancy + " seals its log entries with its secret and this "
                + "process has none: " + command.name() + " would be rejected by every peer; give the tenancy's "
                + "secret (--secret-file or SARDONYX_SECRET_FILE)", null);
        }
        final byte[] bytes = seal == null ? encoded : seal.seal(encoded);
        try {
            final String created = client.create().creatingParentsIfNeeded()
                .withMode(CreateMode.PERSISTENT_SEQUENTIAL).forPath(path("log/" + ENTRY), bytes);
            return Long.parseLong(created.substring(created.lastIndexOf('-') + 1));
        } catch (final Exception e) {
            throw fail("cannot append " + command.name() + " to the log of " + root, e);
        }
    }

    /** True when the tenancy's parameters say its entries are sealed (read until they do, then remembered). */
    private boolean sealedTenancy() {
        if (!knownSealed) {
            knownSealed = storedParameters().map(LogParameters::sealedEntries).orElse(false);
        }
        return knownSealed;
    }

    @Override
    public Optional<LogEntry> read(final long messageId) {
        try {
            final Stat stat = new Stat();
            final byte[] bytes = client.getData().storingStatIn(stat).forPath(path("log/" + entryName(messageId)));
            return Optional.of(LogEntry.decode(messageId, stat.getCtime(), bytes, seal));
        } catch (final KeeperException.NoNodeException e) {
            final long origin = originMessageId();
            if (messageId <= origin) {
                throw new LogGcedException(messageId, origin);
            }
            return Optional.empty();
        } catch (final Exception e) {
            throw fail("cannot read log entry " + messageId + " of " + root, e);
        }
    }

    @Override
    public Optional<LogEntry> await(final long messageId, final long timeoutMs) throws InterruptedException {
        final CountDownLatch created = new CountDownLatch(1);
        try {
            final Stat stat = client.checkExists().usingWatcher((CuratorWatcher) event -> created.countDown())
                .forPath(path("log/" + entryName(messageId)));
            if (stat == null && !created.await(timeoutMs, TimeUnit.MILLISECONDS)) {
                // Timed out: the entry may have been written and deleted by a gc meanwhile.
                return messageId <= originMessageId() ? read(messageId) : Optional.empty();
            }
            return read(messageId);
        } catch (final InterruptedException e) {
            throw e;
        } catch (final LogGcedException e) {
            throw e;
        } catch (final Exception e) {
            throw fail("cannot wait for log entry " + messageId + " of " + root, e);
        }
    }

    private long originMessageId() {
        return origin().messageId();
    }

    @Override
    public Origin origin() {
        try {
            return readOrigin(client.getData().forPath(path("origin")));
        } catch (final KeeperException.NoNodeException e) {
            throw fail("tenancy " + root.substring(root.lastIndexOf('/') + 1) + " has no log yet: no peer group has "
                + "started in it (sardonyx peers), or --tenancy names another cluster", e);
        } catch (final Exception e) {
            throw fail("cannot read the origin of " + root, e);
        }
    }

    @Override
    public boolean advanceOrigin(final Origin next) {
        try {
            final Stat stat = new Stat();
            final Origin stored = readOrigin(client.getData().storingStatIn(stat).forPath(path("origin")));
            if (stored.messageId() >= next.messageId()) {
                return false;
            }
            client.setData().withVersion(stat.getVersion()).forPath(path("origin"), originBytes(next));
            return true;
        } catch (final KeeperException.BadVersionException e) {
            return false;
        } catch (final Exception e) {
            throw fail("cannot move the origin of " + root + " to entry " + next.messageId(), e);
        }
    }

    @Override
    public void deleteBefore(final long messageId) {
        try {
            final List<String> children = client.getChildren().forPath(path("log"));
            for (final String child : children) {
                if (child.startsWith(ENTRY) && Long.parseLong(child.substring(ENTRY.length())) < messageId) {
                    try {
                        client.delete().forPath(path("log/" + child));
                    } catch (final KeeperException.NoNodeException e) {
                        // Another gc deleted it first: the outcome is the same.
                        continue;
                    }
                }
            }
        } catch (final Exception e) {
            throw fail("cannot delete the log entries of " + root + " before " + messageId, e);
        }
    }

    @Override
    public StoredJob putJob(final StoredJob job) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("job-id", job.jobId());
        json.put("hash", job.hash());
        json.put("definition", job.definition());
        try {
            client.create().creatingParentsIfNeeded().forPath(path("jobs/" + job.jobId()), json(json));
            return job;
        } catch (final KeeperException.NodeExistsException e) {
            return job(job.jobId()).orElseThrow(() -> fail("job " + job.jobId() + " vanished while stored", e));
        } catch (final Exception e) {
            throw fail("cannot store job " + job.jobId() + " in " + root, e);
        }
    }

    @Override
    public Optional<StoredJob> job(final String jobId) {
        try {
            final JsonArgs json = new JsonArgs("job " + jobId, map(client.getData().forPath(path("jobs/" + jobId)),
                "job " + jobId));
            return Optional.of(new StoredJob(jobId, json.string("definition"), json.string("hash")));
        } catch (final KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (final Exception e) {
            throw fail("cannot read job " + jobId + " of " + root, e);
        }
    }

    @Override
    public void putJobData(final String jobId, final String name, final byte[] data) {
        LogStore.checkJobData(jobId, name, data);
        final String at = path("job-data/" + jobId + "/" + name);
        try {
            try {
                client.create().creatingParentsIfNeeded().forPath(at, data);
            } catch (final KeeperException.NodeExistsException e) {
                client.setData().forPath(at, data);
            }
        } catch (final Exception e) {
            throw fail("cannot store " + name + " of job " + jobId + " in " + root, e);
        }
    }

    @Override
    public Versioned jobDataVersioned(final String jobId, final String name) {
        final org.apache.zookeeper.data.Stat stat = new org.apache.zookeeper.data.Stat();
        try {
            final byte[] data = client.getData().storingStatIn(stat).forPath(path("job-data/" + jobId + "/" + name));
            return new Versioned(data, stat.getVersion());
        } catch (final KeeperException.NoNodeException e) {
            return Versioned.ABSENT;
        } catch (final Exception e) {
            throw fail("cannot read " + name + " of job " + jobId + " in " + root, e);
        }
    }

    @Override
    public boolean compareAndSetJobData(final String jobId, final String name, final byte[] data,
                                        final int expectedVersion) {
        LogStore.checkJobData(jobId, name, data);
        final String at = path("job-data/" + jobId + "/" + name);
        try {
            if (expectedVersion < 0) {
                client.create().creatingParentsIfNeeded().forPath(at, data);
            } else {
                client.setData().withVersion(expectedVersion).forPath(at, data);
            }
            return true;
        } catch (final KeeperException.NodeExistsException | KeeperException.BadVersionException
                       | KeeperException.NoNodeException e) {
            return false;
        } catch (final Exception e) {
            throw fail("cannot store " + name + " of job " + jobId + " in " + root, e);
        }
    }

    @Override
    public java.util.SortedMap<String, byte[]> jobData(final String jobId, final String prefix) {
        final java.util.SortedMap<String, byte[]> out = new java.util.TreeMap<>();
        try {
            for (final String name : client.getChildren().forPath(path("job-data/" + jobId))) {
                if (name.startsWith(prefix)) {
                    try {
                        out.put(name, client.getData().forPath(path("job-data/" + jobId + "/" + name)));
                    } catch (final KeeperException.NoNodeException e) {
                        // Deleted while listed: it is simply not there.
                        continue;
                    }
                }
            }
            return out;
        } catch (final KeeperException.NoNodeException e) {
            return out;
        } catch (final Exception e) {
            throw fail("cannot read the data of job " + jobId + " in " + root, e);
        }
    }

    @Override
    public void registerPulse(final String group) {
        try {
            client.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path("pulse/" + group));
        } catch (final Exception e) {
            throw fail("cannot register the pulse of group " + group + " in " + root, e);
        }
    }

    @Override
    public void removePulse(final String group) {
        try {
            client.delete().forPath(path("pulse/" + group));
        } catch (final KeeperException.NoNodeException e) {
            // Already gone with an expired session: the outcome is the same.
            return;
        } catch (final Exception e) {
            throw fail("cannot remove the pulse of group " + group + " in " + root, e);
        }
    }

    @Override
    public boolean pulseExists(final String group) {
        try {
            return client.checkExists().forPath(path("pulse/" + group)) != null;
        } catch (final Exception e) {
            throw fail("cannot check the pulse of group " + group + " in " + root, e);
        }
    }

    @Override
    public void watchPulse(final String group, final Consumer<String> onGone) {
        watched.add(group);
        arm(group, onGone);
    }

    private void arm(final String group, final Consumer<String> onGone) {
        if (!watched.contains(group)) {
            return;
        }
        try {
            final Stat stat = client.checkExists().usingWatcher((CuratorWatcher) (WatchedEvent event) -> {
                if (event.getType() == Watcher.Event.EventType.NodeDeleted) {
                    if (watched.remove(group)) {
                        onGone.accept(group);
                    }
                } else if (event.getType() != Watcher.Event.EventType.None) {
                    arm(group, onGone);
                }
            }).forPath(path("pulse/" + group));
            if (stat == null && watched.remove(group)) {
                onGone.accept(group);
            }
        } catch (final Exception e) {
            throw fail("cannot watch the pulse of group " + group + " in " + root, e);
        }
    }

    @Override
    public void unwatchPulse(final String group) {
        watched.remove(group);
    }

    @Override
    public void onNewSession(final Runnable listener) {
        final boolean[] lost = {false};
        client.getConnectionStateListenable().addListener((c, state) -> {
            if (state == ConnectionState.LOST) {
                lost[0] = true;
            } else if (state == ConnectionState.RECONNECTED && lost[0]) {
                lost[0] = false;
                listener.run();
            }
        });
    }

    @Override
    public void close() {
        watched.clear();
    }

    private static byte[] json(final Map<String, Object> value) {
        return JsonText.write(JsonValues.normalize(value, "znode")).getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(final byte[] bytes, final String what) {
        try {
            if (JsonText.parse(new String(bytes, StandardCharsets.UTF_8)) instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
        } catch (final JsonText.SyntaxException e) {
            throw new IllegalArgumentException(what + " is not JSON: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(what + " is not a JSON object");
    }

    static byte[] originBytes(final Origin origin) {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("log-format", (long) LogParameters.LOG_FORMAT);
        json.put("message-id", origin.messageId());
        json.put("replica", ReplicaJson.toJson(origin.replica()));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(json(json));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.size() > MAX_ORIGIN_BYTES) {
            throw new IllegalStateException("the origin replica is " + out.size() + " bytes compressed, over the "
                + MAX_ORIGIN_BYTES + " a znode holds");
        }
        return out.toByteArray();
    }

    static Origin readOrigin(final byte[] bytes) {
        final byte[] plain;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            plain = in.readNBytes(64 * 1024 * 1024 + 1);
        } catch (final IOException e) {
            throw new IllegalArgumentException("the origin is not gzipped JSON: " + e.getMessage(), e);
        }
        if (plain.length > 64 * 1024 * 1024) {
            throw new IllegalArgumentException("the origin unpacks to more than 64 MiB");
        }
        final JsonArgs json = new JsonArgs("origin", map(plain, "origin"));
        if (json.longValue("log-format") != LogParameters.LOG_FORMAT) {
            throw new IllegalArgumentException("the origin has log format " + json.longValue("log-format")
                + "; this build reads format " + LogParameters.LOG_FORMAT);
        }
        return new Origin(json.longValue("message-id"), ReplicaJson.fromJson(json.map("replica")));
    }

    private static LogStoreException fail(final String message, final Exception cause) {
        return new LogStoreException(message + ": " + cause, cause);
    }
}
