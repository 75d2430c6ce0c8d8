package io.sardonyx.client;

import io.sardonyx.peer.PeerGroup;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * A peer group this JVM started with {@link Sardonyx#startPeers}: virtual peers that joined the cluster and run the
 * tasks the log gives them. Closing it stops the group (it leaves the cluster, and its tasks move to other groups);
 * closing it again, or closing the {@link Sardonyx} that made it, does nothing more.
 */
public final class Peers implements AutoCloseable {
    private final PeerGroup group;
    private final LocalGroups groups;

    Peers(final PeerGroup group, final LocalGroups groups) {
        this.group = group;
        this.groups = groups;
    }

    /** The group's id in the log. */
    public String id() {
        return group.id();
    }

    /** The ids of the group's virtual peers now (a restarted peer comes back under a new id). */
    public List<String> peerIds() {
        return List.copyOf(group.peers());
    }

    /** Where the group's peers receive segments, {@code address:port}. */
    public String messagingSite() {
        final io.sardonyx.log.PeerSite site = groups.runtimeOf(group).messenger().site();
        return site.address() + ":" + site.port();
    }

    /** The address of the group's HTTP endpoint (metrics, health, replica); empty when it has none. */
    public Optional<InetSocketAddress> httpAddress() {
        return Optional.ofNullable(groups.httpAddress(group));
    }

    /** The engine's group, for {@link Engine}. */
    PeerGroup group() {
        return group;
    }

    /** Stops the group: it leaves the cluster. */
    @Override
    public void close() {
        groups.stop(group);
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof Peers p && p.group == group;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(group);
    }

    @Override
    public String toString() {
        return "peer group " + group.id();
    }
}
