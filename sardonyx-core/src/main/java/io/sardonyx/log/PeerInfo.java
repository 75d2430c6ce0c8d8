package io.sardonyx.log;

import java.util.List;

/**
 * What the replica knows of one virtual peer.
 *
 * @param group the peer group (JVM) it lives in
 * @param site  where it receives segments
 * @param tags  its tags, matched against tasks' required tags
 */
public record PeerInfo(String group, PeerSite site, List<String> tags) {
    public PeerInfo {
        tags = List.copyOf(tags);
    }

    /** True when the peer has every required tag. */
    public boolean qualifiesFor(final List<String> requiredTags) {
        return tags.containsAll(requiredTags);
    }
}
