package io.sardonyx.flow;

import java.util.List;
import java.util.Map;

/**
 * Where one segment goes.
 *
 * @param targets     bit i set = the i-th downstream task (in the router's order)
 * @param excludeKeys keys removed before sending (empty for none)
 * @param segment     the segment to send (a post-transform may replace the one the function returned)
 */
public record Route(long targets, List<String> excludeKeys, Map<String, Object> segment) {
    public boolean to(final int downstream) {
        return (targets & (1L << downstream)) != 0;
    }

    public boolean nowhere() {
        return targets == 0;
    }
}
