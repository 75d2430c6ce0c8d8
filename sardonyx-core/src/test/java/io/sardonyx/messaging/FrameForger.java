package io.sardonyx.messaging;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.sardonyx.codec.CodecLimits;
import io.sardonyx.codec.SegmentCodec;
import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.agrona.ExpandableArrayBuffer;

/**
 * An outsider: a process of its own, with its own media driver and no ZooKeeper, that sends forged frames over
 * real UDP to a peer's stream, with what the peer's {@code /replica} publishes (job key, version, a source).
 *
 * <p>Arguments: {@code endpoint stream jobKeyHex version source kind count mac}, where kind is
 * {@code segments} (injected segments), {@code gaps} (segments whose route sequence jumps) or {@code barrier}
 * (barriers of epoch 1,000,000); mac is {@code mac}
 * to append 16 bytes where a MAC would go (the attacker has no secret, so they are random), or {@code -}.
 * Prints {@code sent N} and exits 0, or exits 2 when the peer never connects.
 */
public final class FrameForger {
    private FrameForger() {
    }

    @SuppressWarnings("try")
    public static void main(final String[] args) throws Exception {
        JdkAccess.ensure();
        final java.io.PrintWriter out = new java.io.PrintWriter(new java.io.OutputStreamWriter(
            new java.io.FileOutputStream(java.io.FileDescriptor.out), java.nio.charset.StandardCharsets.UTF_8), true);
        final String endpoint = args[0];
        final int stream = Integer.parseInt(args[1]);
        final long jobKey = Long.parseUnsignedLong(args[2], 16);
        final long version = Long.parseLong(args[3]);
        final int source = Integer.parseInt(args[4]);
        final String kind = args[5];
        final int count = Integer.parseInt(args[6]);
        final boolean mac = "mac".equals(args[7]);
        final File dir = Files.createTempDirectory("forger-aeron-").toFile();
        try (MediaDriver driver = MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(dir.getPath())
                 .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true)
                 .termBufferSparseFile(true).publicationTermBufferLength(64 * 1024));
             Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir.getPath()));
             ExclusivePublication publication = aeron.addExclusivePublication("aeron:udp?endpoint=" + endpoint,
                 stream)) {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!publication.isConnected()) {
                if (System.nanoTime() > deadline) {
                    out.println("never connected to " + endpoint + " stream " + stream);
                    System.exit(2);
                }
                LockSupport.parkNanos(10_000_000L);
            }
            final FrameCodec codec = new FrameCodec(new SegmentCodec(new CodecLimits(1 << 16, 64, 1 << 20)));
            final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
            int sent = 0;
            for (int i = 0; i < count; i++) {
                final Frame frame = "barrier".equals(kind)
                    ? Frame.control(FrameType.BARRIER, jobKey, version, source, 1_000_000L, 0)
                    : new Frame(FrameType.SEGMENTS, jobKey, version, source, 1, 0,
                        List.of(Map.of("n", 10_000_000_000L + i, "injected", "EVIL-" + i)));
                int length = codec.encode(frame, buffer, 0);
                FrameCodec.encodeHeader(buffer, 0, frame, frame.segments().size(),
                    "gaps".equals(kind) ? 5L + 10L * i : i);
                if (mac) {
                    final byte[] forged = new byte[16];
                    ThreadLocalRandom.current().nextBytes(forged);
                    buffer.putBytes(length, forged);
                    length += forged.length;
                }
                boolean offered = publication.offer(buffer, 0, length) >= 0;
                while (!offered && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(1_000_000L);
                    offered = publication.offer(buffer, 0, length) >= 0;
                }
                if (offered) {
                    sent++;
                }
            }
            // Let the driver put the last datagrams on the wire before it closes.
            final long linger = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            while (System.nanoTime() < linger) {
                LockSupport.parkNanos(50_000_000L);
            }
            out.println("sent " + sent);
        }
    }
}
