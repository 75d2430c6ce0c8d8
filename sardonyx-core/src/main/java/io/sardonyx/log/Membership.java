package io.sardonyx.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who is in the cluster: joined peer groups and their virtual peers, peers announced before their group joined
 * (orphans), the failure-detection ring, and the groups that have left.
 *
 * @param groups        joined groups, in join order
 * @param peers         virtual peers of joined groups, in join order; only these are scheduled
 * @param orphanedPeers group → peers announced before the group joined
 * @param peersByGroup  group → all its peers (joined or orphaned)
 * @param peerInfo      peer → group, site, tags (joined or orphaned)
 * @param ring          the watch ring and the joins in flight
 * @param left          groups that have left; a group id is never reused
 */
public record Membership(List<String> groups, List<String> peers, Map<String, List<String>> orphanedPeers,
                         Map<String, List<String>> peersByGroup, Map<String, PeerInfo> peerInfo, Ring ring,
                         Set<String> left) {
    /** An empty cluster. */
    public static final Membership EMPTY =
        new Membership(List.of(), List.of(), Map.of(), Map.of(), Map.of(), Ring.EMPTY, Set.of());

    public Membership {
        groups = List.copyOf(groups);
        peers = List.copyOf(peers);
        orphanedPeers = frozenLists(orphanedPeers);
        peersByGroup = frozenLists(peersByGroup);
        peerInfo = Collections.unmodifiableMap(new TreeMap<>(peerInfo));
        left = Collections.unmodifiableSet(new TreeSet<>(left));
    }

    private static Map<String, List<String>> frozenLists(final Map<String, List<String>> map) {
        final Map<String, List<String>> copy = new TreeMap<>();
        map.forEach((key, list) -> copy.put(key, List.copyOf(list)));
        return Collections.unmodifiableMap(copy);
    }

    /** True when the group has fully joined. */
    public boolean joined(final String group) {
        return groups.contains(group);
    }

    /** Starts a change. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable copy for one command's changes; {@link #build()} freezes it again. */
    public static final class Builder {
        private final List<String> groups;
        private final List<String> peers;
        private final Map<String, List<String>> orphanedPeers;
        private final Map<String, List<String>> peersByGroup;
        private final Map<String, PeerInfo> peerInfo;
        private final Map<String, String> pairs;
        private final Map<String, String> prepared;
        private final Map<String, String> accepted;
        private final Set<String> aborted;
        private final Set<String> left;

        Builder(final Membership from) {
            groups = new ArrayList<>(from.groups);
            peers = new ArrayList<>(from.peers);
            orphanedPeers = deepCopy(from.orphanedPeers);
            peersByGroup = deepCopy(from.peersByGroup);
            peerInfo = new LinkedHashMap<>(from.peerInfo);
            pairs = new LinkedHashMap<>(from.ring.pairs());
            prepared = new LinkedHashMap<>(from.ring.prepared());
            accepted = new LinkedHashMap<>(from.ring.accepted());
            aborted = new LinkedHashSet<>(from.ring.aborted());
            left = new LinkedHashSet<>(from.left);
        }

        private static Map<String, List<String>> deepCopy(final Map<String, List<String>> map) {
            final Map<String, List<String>> copy = new LinkedHashMap<>();
            map.forEach((key, list) -> copy.put(key, new ArrayList<>(list)));
            return copy;
        }

        public List<String> groups() {
            return groups;
        }

        public List<String> peers() {
            return peers;
        }

        public Map<String, String> pairs() {
            return pairs;
        }

        public Map<String, String> prepared() {
            return prepared;
        }

        public Map<String, String> accepted() {
            return accepted;
        }

        public Set<String> aborted() {
            return aborted;
        }

        public Set<String> left() {
            return left;
        }

        /** Registers a peer of a group that has not joined yet. */
        public Builder addOrphan(final String peer, final PeerInfo info) {
            orphanedPeers.computeIfAbsent(info.group(), g -> new ArrayList<>()).add(peer);
            return index(peer, info);
        }

        /** Registers a peer of a joined group; it becomes schedulable. */
        public Builder addPeer(final String peer, final PeerInfo info) {
            peers.add(peer);
            return index(peer, info);
        }

        private Builder index(final String peer, final PeerInfo info) {
            peerInfo.put(peer, info);
            peersByGroup.computeIfAbsent(info.group(), g -> new ArrayList<>()).add(peer);
            return this;
        }

        /** Makes a joining group's orphans schedulable peers, in announcement order. */
        public Builder promoteOrphans(final String group) {
            final List<String> orphans = orphanedPeers.remove(group);
            if (orphans != null) {
                peers.addAll(orphans);
            }
            return this;
        }

        /** Forgets a peer everywhere. */
        public Builder removePeer(final String peer) {
            peers.remove(peer);
            final PeerInfo info = peerInfo.remove(peer);
            if (info != null) {
                removeFrom(orphanedPeers, info.group(), peer);
                removeFrom(peersByGroup, info.group(), peer);
            }
            return this;
        }

        private static void removeFrom(final Map<String, List<String>> map, final String key, final String peer) {
            final List<String> list = map.get(key);
            if (list != null) {
                list.remove(peer);
                if (list.isEmpty()) {
                    map.remove(key);
                }
            }
        }

        /** Every peer of a group, joined or orphaned. */
        public List<String> peersOf(final String group) {
            return List.copyOf(peersByGroup.getOrDefault(group, List.of()));
        }

        /** Freezes the changes. */
        public Membership build() {
            return new Membership(groups, peers, orphanedPeers, peersByGroup, peerInfo,
                new Ring(pairs, prepared, accepted, aborted), left);
        }
    }
}
