package io.sardonyx.messaging;

import io.sardonyx.log.PeerSite;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A peer group's messaging: the inboxes of its peers and routes to any peer of the cluster. Peers of the same
 * group exchange frame objects directly (short-circuit) unless that is turned off. Thread-safe to open and
 * connect from any task thread; each inbox and outbox then belongs to one thread.
 */
public interface Messenger extends AutoCloseable {
    /** Where peers of this group receive: the address and port other groups send to. */
    PeerSite site();

    /** Opens a local peer's inbox; frames sent to it before it opens are refused, not lost. */
    Inbox open(String peer);

    /**
     * A route from a local peer to any peer.
     *
     * @param sameGroup true when the receiver lives in this group (its frames may be handed over directly)
     */
    Outbox connect(String fromPeer, String toPeer, PeerSite toSite, boolean sameGroup);

    /**
     * Without a tenancy secret, reads frames from other machines only when they come from the address of a group
     * the replica lists (the supplier returns the same set while the replica is unchanged). Messengers that see no
     * outside traffic ignore it.
     */
    default void admitFrom(final Supplier<Set<PeerSite>> sites) {
    }

    /** Frames refused so far: a MAC that fails, a sender from an address no group has, bytes that are no frame. */
    default long rejectedFrames() {
        return 0;
    }

    @Override
    void close();

    /** The stream a peer receives on: stable for the peer id, positive, the same in every JVM. */
    static int streamOf(final String peer) {
        return 1 + (peer.hashCode() & 0x3fffffff);
    }
}
