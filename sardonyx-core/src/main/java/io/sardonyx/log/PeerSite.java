package io.sardonyx.log;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a virtual peer receives segments.
 *
 * @param address the host name or IP other peers send to
 * @param port    the messaging port of its peer group
 */
public record PeerSite(String address, int port) {
    /** The JSON form. */
    public Map<String, Object> toJson() {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("address", address);
        out.put("port", (long) port);
        return out;
    }
}
