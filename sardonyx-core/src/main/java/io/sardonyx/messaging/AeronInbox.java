package io.sardonyx.messaging;

import io.aeron.ControlledFragmentAssembler;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.sardonyx.codec.CodecException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * A peer's Aeron subscriptions (UDP from other groups, IPC from its own) plus its short-circuit queues. Each sender
 * is an image; per image it keeps the sequence its next frame part must carry and a frame the handler left. Frames
 * over UDP pass the {@link SenderGate} first: with a tenancy secret each must carry a valid {@link FrameMac}, and
 * one that does not is dropped and counted before anything else looks at it (it is never a gap, never a restart);
 * without a secret an image is read only when its sender's address is one the gate admits.
 */
final class AeronInbox implements Inbox, ControlledFragmentHandler {
    /** What the messenger decides about senders, and where it counts what it refuses. */
    interface SenderGate {
        /** True when frames from this source ({@code address:port}) may be read. */
        boolean admits(String sourceIdentity);

        /** Counts a refused frame or sender; logs the reason when {@code log} is true. */
        void refused(String why, boolean log);
    }

    /** One sender: an image of one subscription. */
    private static final class Sender {
        final boolean udp;
        final String source;
        long expected;
        Frame held;
        boolean admitted;
        boolean warned;

        Sender(final boolean udp, final String source) {
            this.udp = udp;
            this.source = source;
        }
    }

    private final LocalExchange.LocalInbox localInbox;
    private final FrameCodec codec;
    private final int streamId;
    private final FrameMac mac;
    private final SenderGate gate;
    private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this);
    private final Long2ObjectHashMap<Sender> senders = new Long2ObjectHashMap<>();
    /** Images that went away (Aeron's conductor thread adds; the polling thread drains). */
    private final Queue<Long> lost = new ConcurrentLinkedQueue<>();
    private final Consumer<Image> pollUdp = image -> pollImage(image, true);
    private final Consumer<Image> pollIpc = image -> pollImage(image, false);
    private volatile Subscription subscription;
    private volatile Subscription ipcSubscription;
    private FrameHandler handler;
    private Sender current;
    private int limit;
    private int consumed;

    /** @param mac the check of frames over UDP, or null without a tenancy secret */
    AeronInbox(final LocalExchange.LocalInbox localInbox, final FrameCodec codec, final int streamId,
               final FrameMac mac, final SenderGate gate) {
        this.localInbox = localInbox;
        this.codec = codec;
        this.streamId = streamId;
        this.mac = mac;
        this.gate = gate;
    }

    void subscribe(final Subscription udp, final Subscription ipc) {
        this.subscription = udp;
        this.ipcSubscription = ipc;
    }

    /** Called by Aeron when a sender's image is gone (closed, or timed out after a stall). */
    void imageLost(final Image image) {
        lost.add(image.correlationId());
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
        for (Long image = lost.poll(); image != null; image = lost.poll()) {
            // A frame held for a sender that is gone will never be taken; its sequence starts over if the
            // image comes back, and a gap then shows as one.
            senders.remove(image.longValue());
        }
        subscription.forEachImage(pollUdp);
        ipcSubscription.forEachImage(pollIpc);
        handler = null;
        current = null;
        return consumed;
    }

    private void pollImage(final Image image, final boolean udp) {
        Sender sender = senders.get(image.correlationId());
        if (sender == null) {
            sender = new Sender(udp, image.sourceIdentity());
            senders.put(image.correlationId(), sender);
        }
        if (!sender.admitted) {
            if (udp && mac == null && !gate.admits(sender.source)) {
                // Left unread: its sender is flow-controlled and the image times out when it stops.
                if (!sender.warned) {
                    sender.warned = true;
                    gate.refused("refused frames from " + sender.source + " (session " + image.sessionId()
                        + ") to stream " + streamId + ": no peer group of the tenancy is at that address", true);
                }
                return;
            }
            sender.admitted = true;
        }
        if (sender.held != null) {
            if (!handler.onFrame(sender.held)) {
                return;
            }
            sender.held = null;
            consumed++;
        }
        current = sender;
        consumed += image.controlledPoll(assembler, limit);
    }

    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int fullLength,
                             final Header header) {
        final Sender sender = current;
        int length = fullLength;
        if (sender.udp && mac != null) {
            if (!mac.verify(streamId, buffer, offset, fullLength)) {
                gate.refused("dropped a frame of " + fullLength + " bytes from " + sender.source + " (session "
                    + header.sessionId() + ") to stream " + streamId + ": its MAC is not the tenancy's (forged, "
                    + "damaged, or sent with another secret)", !sender.warned);
                sender.warned = true;
                return Action.CONTINUE;
            }
            length -= FrameMac.BYTES;
        }
        if (length >= FrameCodec.HEADER_BYTES) {
            final long sequence = FrameCodec.sequence(buffer, offset);
            if (sequence != sender.expected) {
                // Aeron is reliable only while an image lives: an image that timed out and came back joins
                // at the current position, and the frames in between are gone.
                handler.onLost(FrameCodec.jobKey(buffer, offset), FrameCodec.version(buffer, offset),
                    "frames " + sender.expected + " to " + (sequence - 1) + " from sender " + describe(buffer, offset)
                        + " were lost (its stream broke and resumed)");
            }
            sender.expected = sequence + 1;
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
                gate.refused("dropped a frame of " + length + " bytes from " + sender.source + ": "
                    + e.getMessage(), true);
            }
            return Action.CONTINUE;
        }
        if (handler.onFrame(frame)) {
            return Action.CONTINUE;
        }
        // Keep the decoded frame and stop reading this sender until the handler takes it.
        sender.held = frame;
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
        senders.clear();
    }
}
