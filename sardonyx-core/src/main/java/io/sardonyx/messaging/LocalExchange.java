package io.sardonyx.messaging;

import io.sardonyx.log.PeerSite;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;

/**
 * Short-circuit messaging inside one peer group: a bounded single-producer queue per (sender, receiver) pair
 * holds frame objects, so nothing is serialised and each sender's order is kept. A full queue refuses the frame
 * (back pressure). Thread-safe.
 */
public final class LocalExchange {
    private final ConcurrentMap<String, LocalInbox> inboxes = new ConcurrentHashMap<>();
    private final int capacity;

    /** @param capacity frames held per sender and receiver before the sender is refused */
    public LocalExchange(final int capacity) {
        this.capacity = capacity;
    }

    /** Opens (or reopens, empty) a peer's local inbox. */
    public LocalInbox open(final String peer) {
        final LocalInbox inbox = new LocalInbox(peer, capacity);
        inboxes.put(peer, inbox);
        return inbox;
    }

    void closed(final LocalInbox inbox) {
        inboxes.remove(inbox.peer, inbox);
    }

    /**
     * A messenger over this exchange alone, for simulations and tests: every route is local, whatever group the
     * receiver is in; the exchange outlives it.
     *
     * @param site    the site it announces
     * @param inboxes a peer's inbox (the simulation keeps its own, to close on a crash)
     */
    public Messenger messenger(final PeerSite site,
                               final Function<String, Inbox> inboxes) {
        return new Messenger() {
            @Override
            public PeerSite site() {
                return site;
            }

            @Override
            public Inbox open(final String peer) {
                return inboxes.apply(peer);
            }

            @Override
            public Outbox connect(final String fromPeer, final String toPeer, final PeerSite toSite,
                                  final boolean sameGroup) {
                return LocalExchange.this.connect(fromPeer, toPeer);
            }

            @Override
            public void close() {
                // The exchange outlives its messengers.
            }
        };
    }

    /** A route to a peer of this group; it finds the receiver's inbox when it opens. */
    public Outbox connect(final String fromPeer, final String toPeer) {
        return new LocalOutbox(fromPeer, toPeer);
    }

    /** One receiver's queues, one per sender. */
    public final class LocalInbox implements Inbox {
        private final String peer;
        private final int capacity;
        private final ConcurrentMap<String, Queue<Frame>> bySender = new ConcurrentHashMap<>();
        private final CopyOnWriteArrayList<Queue<Frame>> queues = new CopyOnWriteArrayList<>();
        private final Doorbell doorbell = new Doorbell();
        private volatile boolean open = true;

        LocalInbox(final String peer, final int capacity) {
            this.peer = peer;
            this.capacity = capacity;
        }

        Queue<Frame> queueFrom(final String sender) {
            return bySender.computeIfAbsent(sender, s -> {
                final Queue<Frame> q = new OneToOneConcurrentArrayQueue<>(capacity);
                queues.add(q);
                return q;
            });
        }

        boolean isOpen() {
            return open;
        }

        @Override
        public Doorbell doorbell() {
            return doorbell;
        }

        @Override
        public int poll(final FrameHandler handler, final int limit) {
            int consumed = 0;
            for (final Queue<Frame> queue : queues) {
                for (int i = 0; i < limit; i++) {
                    final Frame frame = queue.peek();
                    if (frame == null || !handler.onFrame(frame)) {
                        break;
                    }
                    queue.poll();
                    consumed++;
                }
            }
            return consumed;
        }

        @Override
        public void close() {
            open = false;
            closed(this);
        }
    }

    private final class LocalOutbox implements Outbox {
        private final String from;
        private final String to;
        private LocalInbox inbox;
        private Queue<Frame> queue;

        LocalOutbox(final String from, final String to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public boolean offer(final Frame frame) {
            final LocalInbox current = inboxes.get(to);
            if (current == null || !current.isOpen()) {
                return false;
            }
            if (current != inbox) {
                inbox = current;
                queue = current.queueFrom(from);
            }
            if (!queue.offer(frame)) {
                return false;
            }
            current.doorbell.ring();
            return true;
        }

        @Override
        public void close() {
            inbox = null;
            queue = null;
        }
    }
}
