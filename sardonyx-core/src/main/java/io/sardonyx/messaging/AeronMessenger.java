package io.sardonyx.messaging;

import io.aeron.Aeron;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.sardonyx.codec.CodecException;
import io.sardonyx.codec.CodecLimits;
import io.sardonyx.codec.SegmentCodec;
import io.sardonyx.log.PeerSite;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messaging over Aeron: an embedded media driver (shared threading, its directory under /dev/shm when there is
 * one), one UDP endpoint per group, one subscription per local peer (its stream id derived from the peer id) and
 * one exclusive publication per (sender, receiver) route, so each sender is its own image and a receiver can hold
 * one sender (barrier alignment) without holding the others. Frames for peers of the same group go through a
 * {@link LocalExchange} instead, unless short-circuit is off.
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

    private AeronMessenger(final MessagingSettings settings, final PeerSite site, final String directory,
                           final MediaDriver driver, final Aeron aeron) {
        this.settings = settings;
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
                driver, aeron);
            LOG.info("messaging on udp {}:{} (bound to {}), aeron directory {}", advertised, udpPort,
                settings.bindAddress(), dir);
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
        } catch (final java.net.UnknownHostException e) {
            return false;
        }
    }

    @Override
    public PeerSite site() {
        return site;
    }

    @Override
    public Inbox open(final String peer) {
        final AeronInbox inbox = new AeronInbox(local.open(peer), new FrameCodec(receiveCodec));
        inbox.subscription = aeron.addSubscription(channel(settings.bindAddress(), site.port()),
            Messenger.streamOf(peer), image -> { }, inbox::imageLost);
        inbox.ipcSubscription = aeron.addSubscription(IPC, Messenger.streamOf(peer), image -> { },
            inbox::imageLost);
        return inbox;
    }

    @Override
    public Outbox connect(final String fromPeer, final String toPeer, final PeerSite toSite, final boolean sameGroup) {
        if (sameGroup && settings.shortCircuit()) {
            return local.connect(fromPeer, toPeer);
        }
        // Serialised inside the group: through the group's own media driver in shared memory, as Flink's tasks of
        // one TaskManager exchange serialised buffers in memory; to other groups, UDP.
        final ExclusivePublication publication = aeron.addExclusivePublication(sameGroup ? IPC
            : publicationChannel(toSite), Messenger.streamOf(toPeer));
        return new AeronOutbox(publication, new FrameCodec(segmentCodec), toPeer);
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

    /** A peer's subscription plus its short-circuit queues. */
    private static final class AeronInbox implements Inbox, ControlledFragmentHandler {
        private final LocalExchange.LocalInbox localInbox;
        private final FrameCodec codec;
        private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this);
        private final Map<Integer, Frame> held = new HashMap<>();
        /** Per sender (image session): the sequence number its next frame part must carry. */
        private final Map<Integer, Long> expected = new HashMap<>();
        /** Sessions whose images went away (Aeron's conductor thread adds; the polling thread drains). */
        private final java.util.Queue<Integer> lost = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final Consumer<Image> pollImage = this::pollImage;
        private volatile Subscription subscription;
        private volatile Subscription ipcSubscription;
        private FrameHandler handler;
        private int limit;
        private int consumed;

        AeronInbox(final LocalExchange.LocalInbox localInbox, final FrameCodec codec) {
            this.localInbox = localInbox;
            this.codec = codec;
        }

        /** Called by Aeron when a sender's image is gone (closed, or timed out after a stall). */
        void imageLost(final Image image) {
            lost.add(image.sessionId());
        }

        @Override
        public Doorbell doorbell() {
            return localInbox.doorbell();
        }

        @Override
        public int poll(final FrameHandler frameHandler, final int fragmentLimit) {
            consumed = localInbox.poll(frameHandler, fragmentLimit);
            handler = frameHandler;
            limit = fragmentLimit;
            for (Integer session = lost.poll(); session != null; session = lost.poll()) {
                // A frame held for a sender that is gone will never be taken; its sequence starts over if the
                // image comes back, and a gap then shows as one.
                held.remove(session);
                expected.remove(session);
            }
            subscription.forEachImage(pollImage);
            ipcSubscription.forEachImage(pollImage);
            handler = null;
            return consumed;
        }

        private void pollImage(final Image image) {
            if (!held.isEmpty()) {
                final Frame frame = held.get(image.sessionId());
                if (frame != null) {
                    if (!handler.onFrame(frame)) {
                        return;
                    }
                    held.remove(image.sessionId());
                    consumed++;
                }
            }
            consumed += image.controlledPoll(assembler, limit);
        }

        @Override
        public Action onFragment(final DirectBuffer buffer, final int offset, final int length,
                                 final Header header) {
            final int session = header.sessionId();
            if (length >= FrameCodec.HEADER_BYTES) {
                final long sequence = FrameCodec.sequence(buffer, offset);
                final long want = expected.getOrDefault(session, 0L);
                if (sequence != want) {
                    // Aeron is reliable only while an image lives: an image that timed out and came back joins
                    // at the current position, and the frames in between are gone.
                    handler.onLost(FrameCodec.jobKey(buffer, offset), FrameCodec.version(buffer, offset),
                        "frames " + want + " to " + (sequence - 1) + " from sender " + describe(buffer, offset)
                            + " were lost (its stream broke and resumed)");
                }
                expected.put(session, sequence + 1);
            }
            final Frame frame;
            try {
                frame = codec.decode(buffer, offset, length);
            } catch (final CodecException e) {
                if (length >= FrameCodec.HEADER_BYTES) {
                    handler.onLost(FrameCodec.jobKey(buffer, offset), FrameCodec.version(buffer, offset),
                        "a frame of " + length + " bytes from sender " + describe(buffer, offset)
                            + " could not be read: " + e.getMessage());
                } else {
                    LOG.error("dropped a frame of {} bytes from session {}: {}", length, session, e.getMessage());
                }
                return Action.CONTINUE;
            }
            if (handler.onFrame(frame)) {
                return Action.CONTINUE;
            }
            // Keep the decoded frame and stop reading this sender until the handler takes it.
            held.put(header.sessionId(), frame);
            return Action.BREAK;
        }

        private static String describe(final DirectBuffer buffer, final int offset) {
            final int source = FrameCodec.source(buffer, offset);
            return "task " + Frame.taskIndexOf(source) + " slot " + Frame.slotOf(source) + " (job key "
                + Long.toHexString(FrameCodec.jobKey(buffer, offset)) + ", version "
                + FrameCodec.version(buffer, offset) + ")";
        }

        @Override
        public void close() {
            localInbox.close();
            subscription.close();
            ipcSubscription.close();
            held.clear();
        }
    }

    /** One exclusive publication; a batch larger than one message goes out in several frames. */
    private static final class AeronOutbox implements Outbox {
        private final ExclusivePublication publication;
        private final FrameCodec codec;
        private final String to;
        private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64 * 1024);
        private Frame pending;
        private long sequence;
        private int sent;
        private int encodedLength;
        private int encodedCount;

        AeronOutbox(final ExclusivePublication publication, final FrameCodec codec, final String to) {
            this.publication = publication;
            this.codec = codec;
            this.to = to;
        }

        @Override
        public boolean offer(final Frame frame) {
            if (frame != pending) {
                pending = frame;
                sent = 0;
                encodedLength = -1;
            }
            final int total = frame.segments().size();
            do {
                if (encodedLength < 0) {
                    encodePart(frame);
                }
                final long result = publication.offer(buffer, 0, encodedLength);
                if (result < 0) {
                    if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
                        throw new IllegalStateException("the route to peer " + to + " is closed (" + result + ")");
                    }
                    return false;
                }
                sent += encodedCount;
                sequence++;
                encodedLength = -1;
            } while (sent < total);
            pending = null;
            return true;
        }

        /** Encodes as many of the remaining segments as fit in one message. */
        private void encodePart(final Frame frame) {
            final int max = publication.maxMessageLength();
            int pos = FrameCodec.HEADER_BYTES;
            int count = 0;
            final int total = frame.segments().size();
            codec.startSegments();
            while (sent + count < total) {
                final int length = codec.encodeSegment(frame.segments().get(sent + count), buffer, pos);
                if (pos + length > max) {
                    if (count == 0) {
                        throw new CodecException("a segment of " + length + " bytes does not fit in one message ("
                            + (max - FrameCodec.HEADER_BYTES) + " bytes); raise the term buffer length");
                    }
                    break;
                }
                pos += length;
                count++;
            }
            FrameCodec.encodeHeader(buffer, 0, frame, count, sequence);
            encodedLength = pos;
            encodedCount = count;
        }

        @Override
        public void close() {
            publication.close();
        }
    }
}
