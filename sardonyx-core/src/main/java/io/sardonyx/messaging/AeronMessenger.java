package io.sardonyx.messaging;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.sardonyx.codec.CodecLimits;
import io.sardonyx.codec.SegmentCodec;
import io.sardonyx.codec.TenancySecret;
import io.sardonyx.log.PeerSite;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messaging over Aeron: an embedded media driver (shared threading, its directory under /dev/shm when there is
 * one), one UDP endpoint per group, one subscription per local peer (its stream id derived from the peer id) and
 * one exclusive publication per (sender, receiver) route, so each sender is its own image and a receiver can hold
 * one sender (barrier alignment) without holding the others. Frames for peers of the same group go through a
 * {@link LocalExchange} instead, unless short-circuit is off.
 *
 * <p>Frames from other groups are checked before they are read: with a tenancy secret every one carries a
 * {@link FrameMac} and one without a valid MAC is dropped; without a secret a sender is read only from an address of
 * this machine or of a peer group the replica lists ({@link #admitFrom}). What is refused is counted
 * ({@link #rejectedFrames}) and logged once per sender.
 */
public final class AeronMessenger implements Messenger {
    static {
        JdkAccess.ensure();
    }

    private static final Logger LOG = LoggerFactory.getLogger(AeronMessenger.class);
    /** Datagram size to groups on the same machine. */
    static final int LOOPBACK_MTU = 8192;
    static final String DIR_PREFIX = "sardonyx-aeron-";
    /** A driver directory without a heartbeat for this long (and as old) belongs to a driver that is gone. */
    private static final long STALE_AFTER_MS = 30_000;

    private final MessagingSettings settings;
    private final PeerSite site;
    private final String directory;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final LocalExchange local;
    private final SegmentCodec segmentCodec;
    private final SegmentCodec receiveCodec;
    private final TenancySecret secret;
    private final AtomicLong rejected = new AtomicLong();
    private final AeronInbox.SenderGate gate = new Gate();
    /** The sites of the tenancy's groups, from the replica; null admits every sender. */
    private volatile Supplier<Set<PeerSite>> members;

    private AeronMessenger(final MessagingSettings settings, final PeerSite site, final String directory,
                           final MediaDriver driver, final Aeron aeron, final TenancySecret secret) {
        this.settings = settings;
        this.secret = secret;
        this.site = site;
        this.directory = directory;
        this.driver = driver;
        this.aeron = aeron;
        this.local = new LocalExchange(settings.localQueueFrames());
        this.segmentCodec = new SegmentCodec(new CodecLimits(settings.maxSegmentBytes(), 64, 1 << 20));
        // Senders enforce their own maximum; a receiver only refuses what no sender could have sent (a frame part
        // is at most an eighth of a term), so groups configured with different maxima still agree.
        this.receiveCodec = new SegmentCodec(new CodecLimits(settings.termBufferBytes() / 8, 64, 1 << 20));
    }

    /**
     * Starts the media driver and the client.
     *
     * @param advertised the address other groups send to
     * @param port       the UDP port, or 0 for a free one
     * @throws IllegalStateException when the driver cannot start (naming the directory and port)
     */
    public static AeronMessenger start(final MessagingSettings settings, final String advertised, final int port) {
        return start(settings, advertised, port, null);
    }

    /**
     * Starts the media driver and the client, signing and checking frames between groups with the tenancy's secret.
     *
     * @param secret the tenancy's secret, or null for none
     * @throws IllegalStateException when the driver cannot start (naming the directory and port)
     */
    public static AeronMessenger start(final MessagingSettings settings, final String advertised, final int port,
                                       final TenancySecret secret) {
        final int udpPort = port == 0 ? freeUdpPort(settings.bindAddress()) : port;
        final File shm = new File("/dev/shm");
        final String base = shm.isDirectory() && shm.canWrite() ? shm.getPath() : System.getProperty("java.io.tmpdir");
        removeStale(new File(base), STALE_AFTER_MS);
        final String dir = base + File.separator + DIR_PREFIX + UUID.randomUUID();
        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(dir)
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .termBufferSparseFile(true)
            .publicationTermBufferLength(settings.termBufferBytes())
            .ipcTermBufferLength(settings.termBufferBytes())
            // Every sender to this group shares its one UDP socket: a small receive buffer overflows and costs NAKs
            // and retransmits (the kernel may grant less: net.core.rmem_max).
            .socketRcvbufLength(2 * 1024 * 1024)
            // The driver's one thread parks at most 100 us when idle: a 1 ms park halves UDP throughput.
            .sharedIdleStrategy(new BackoffIdleStrategy(10, 20, 1_000, 100_000))
            .errorHandler(e -> LOG.warn("aeron media driver error: {}", e.toString()));
        MediaDriver driver = null;
        try {
            driver = MediaDriver.launch(driverContext);
            final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir)
                .errorHandler(e -> LOG.warn("aeron client error: {}", e.toString())));
            final AeronMessenger messenger = new AeronMessenger(settings, new PeerSite(advertised, udpPort), dir,
                driver, aeron, secret);
            LOG.info("messaging on udp {}:{} (bound to {}), aeron directory {}, frames between groups {}", advertised,
                udpPort, settings.bindAddress(), dir, secret == null ? "checked by sender address (no tenancy secret)"
                    : "signed with the tenancy's secret");
            return messenger;
        } catch (final RuntimeException e) {
            if (driver != null) {
                driver.close();
            }
            throw new IllegalStateException("cannot start Aeron messaging on port " + udpPort + " in " + dir + ": "
                + e.getMessage(), e);
        }
    }

    /**
     * Deletes the Aeron directories of media drivers that are gone: a peer process killed without a chance to close
     * leaves its term buffers in /dev/shm, which is memory, and a host that restarts peers after crashes would fill
     * it. A directory is removed only when its driver has not written a heartbeat and it is older than
     * {@code olderThanMs} (a driver that is still starting has no heartbeat yet).
     *
     * @return how many were removed
     */
    static int removeStale(final File base, final long olderThanMs) {
        final File[] dirs = base.listFiles((d, name) -> name.startsWith(DIR_PREFIX));
        if (dirs == null) {
            return 0;
        }
        int removed = 0;
        final long now = System.currentTimeMillis();
        for (final File dir : dirs) {
            if (now - dir.lastModified() < olderThanMs || driverActive(dir, olderThanMs)) {
                continue;
            }
            try {
                org.agrona.IoUtil.delete(dir, true);
                removed++;
                LOG.info("removed the Aeron directory {} of a driver that is gone", dir);
            } catch (final RuntimeException e) {
                LOG.warn("cannot remove the stale Aeron directory {}: {}", dir, e.toString());
            }
        }
        return removed;
    }

    private static boolean driverActive(final File dir, final long timeoutMs) {
        try {
            return io.aeron.CommonContext.isDriverActive(dir, timeoutMs, message -> { });
        } catch (final RuntimeException e) {
            // An unreadable control file: no driver is using it.
            return false;
        }
    }

    /** This driver's directory. */
    String directory() {
        return directory;
    }

    private static int freeUdpPort(final String bindAddress) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(bindAddress), 0))) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot find a free UDP port on " + bindAddress, e);
        }
    }

    private static final String IPC = "aeron:ipc";

    private String channel(final String address, final int port) {
        return "aeron:udp?endpoint=" + address + ":" + port;
    }

    /**
     * The channel to publish to a peer: datagrams of the configured MTU between machines, and of
     * {@link #LOOPBACK_MTU} to a group on this machine, where the larger datagrams cost nothing and carry four
     * times the segments per second.
     */
    private String publicationChannel(final PeerSite to) {
        final boolean local = isLoopback(to.address()) || to.address().equals(site.address());
        return channel(to.address(), to.port()) + "|mtu=" + (local ? LOOPBACK_MTU : settings.mtuBytes());
    }

    private static boolean isLoopback(final String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (final UnknownHostException e) {
            return false;
        }
    }

    @Override
    public void admitFrom(final Supplier<Set<PeerSite>> sites) {
        this.members = sites;
    }

    /** True when frames from this source ({@code address:port}) are read without a tenancy secret. */
    boolean admits(final String sourceIdentity) {
        return gate.admits(sourceIdentity);
    }

    @Override
    public long rejectedFrames() {
        return rejected.get();
    }

    /** Who may send without a secret: this machine's addresses and those of the groups the replica lists. */
    private final class Gate implements AeronInbox.SenderGate {
        private final Set<String> own = localAddresses();
        private Set<PeerSite> known;
        private Set<String> hosts = Set.of();

        @Override
        public synchronized boolean admits(final String sourceIdentity) {
            final Supplier<Set<PeerSite>> sites = members;
            if (sites == null) {
                return true;
            }
            final int colon = sourceIdentity.lastIndexOf(':');
            final String host = (colon < 0 ? sourceIdentity : sourceIdentity.substring(0, colon)).replace("[", "")
                .replace("]", "");
            if (own.contains(host)) {
                return true;
            }
            final Set<PeerSite> now = sites.get();
            if (now != known) {
                known = now;
                hosts = resolve(now);
            }
            return hosts.contains(host);
        }

        @Override
        public void refused(final String why, final boolean log) {
            rejected.incrementAndGet();
            if (log) {
                LOG.warn("{}", why);
            }
        }
    }

    private static Set<String> resolve(final Set<PeerSite> sites) {
        final Set<String> out = new HashSet<>();
        for (final PeerSite member : sites) {
            try {
                for (final InetAddress address : InetAddress.getAllByName(member.address())) {
                    out.add(address.getHostAddress());
                }
            } catch (final UnknownHostException e) {
                LOG.debug("cannot resolve the address {} of a peer group: {}", member.address(), e.toString());
            }
        }
        return out;
    }

    private static Set<String> localAddresses() {
        final Set<String> out = new HashSet<>();
        try {
            for (final NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (final InetAddress address : Collections.list(nic.getInetAddresses())) {
                    final String text = address.getHostAddress();
                    out.add(text.contains("%") ? text.substring(0, text.indexOf('%')) : text);
                }
            }
        } catch (final SocketException e) {
            LOG.warn("cannot list this machine's addresses: {}", e.toString());
        }
        return out;
    }

    @Override
    public PeerSite site() {
        return site;
    }

    @Override
    public Inbox open(final String peer) {
        final int stream = Messenger.streamOf(peer);
        final AeronInbox inbox = new AeronInbox(local.open(peer), new FrameCodec(receiveCodec), stream,
            secret == null ? null : new FrameMac(secret), gate);
        inbox.subscribe(aeron.addSubscription(channel(settings.bindAddress(), site.port()), stream, image -> { },
            inbox::imageLost), aeron.addSubscription(IPC, stream, image -> { }, inbox::imageLost));
        return inbox;
    }

    @Override
    public Outbox connect(final String fromPeer, final String toPeer, final PeerSite toSite, final boolean sameGroup) {
        if (sameGroup && settings.shortCircuit()) {
            return local.connect(fromPeer, toPeer);
        }
        // Serialised inside the group: through the group's own media driver in shared memory, as Flink's tasks of
        // one TaskManager exchange serialised buffers in memory; to other groups, UDP.
        final int stream = Messenger.streamOf(toPeer);
        final ExclusivePublication publication = aeron.addExclusivePublication(sameGroup ? IPC
            : publicationChannel(toSite), stream);
        return new AeronOutbox(publication, new FrameCodec(segmentCodec), toPeer, stream,
            sameGroup || secret == null ? null : new FrameMac(secret));
    }

    @Override
    public void close() {
        try {
            aeron.close();
        } finally {
            driver.close();
            LOG.debug("closed aeron directory {}", directory);
        }
    }
}
