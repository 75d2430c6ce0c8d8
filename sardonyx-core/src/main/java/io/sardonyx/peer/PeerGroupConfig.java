package io.sardonyx.peer;

import io.sardonyx.log.LogParameters;
import io.sardonyx.log.PeerSite;
import java.util.List;

/**
 * How a peer group starts.
 *
 * @param peers      how many virtual peers it runs
 * @param tags       tags of its peers, matched against tasks' required tags
 * @param site       where its peers receive segments
 * @param parameters the log parameters it expects (it refuses a log with others)
 */
public record PeerGroupConfig(int peers, List<String> tags, PeerSite site, LogParameters parameters) {
    public PeerGroupConfig {
        if (peers < 0) {
            throw new IllegalArgumentException("a peer group runs 0 or more peers, not " + peers);
        }
        tags = List.copyOf(tags);
    }
}
