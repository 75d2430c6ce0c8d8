package io.sardonyx.log.command;

import io.sardonyx.log.Diff;
import io.sardonyx.log.JsonArgs;
import io.sardonyx.log.Membership;
import io.sardonyx.log.PeerInfo;
import io.sardonyx.log.PeerSite;
import io.sardonyx.log.Replica;
import io.sardonyx.schedule.Scheduler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A virtual peer announces itself. In a joined group it becomes schedulable at once; before its group has joined
 * it waits as an orphan and is promoted when the group joins; for a group that has left it is ignored.
 *
 * @param id      the peer
 * @param groupId its group
 * @param site    where it receives segments
 * @param tags    its tags
 */
public record AddVirtualPeer(String id, String groupId, PeerSite site, List<String> tags) implements LogCommand {
    public static final String NAME = "add-virtual-peer";

    public AddVirtualPeer {
        tags = List.copyOf(tags);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> args() {
        final Map<String, Object> args = new LinkedHashMap<>();
        args.put("id", id);
        args.put("group-id", groupId);
        args.put("peer-site", site.toJson());
        args.put("tags", tags);
        return args;
    }

    static AddVirtualPeer fromJson(final JsonArgs args) {
        final JsonArgs site = new JsonArgs(NAME + " peer-site", args.map("peer-site"));
        return new AddVirtualPeer(args.string("id"), args.string("group-id"),
            new PeerSite(site.string("address"), (int) site.longValue("port")), args.strings("tags"));
    }

    @Override
    public Replica apply(final Replica replica) {
        final Membership m = replica.membership();
        if (m.left().contains(groupId) || m.peerInfo().containsKey(id)) {
            return replica;
        }
        final PeerInfo info = new PeerInfo(groupId, site, tags);
        if (m.joined(groupId)) {
            return Scheduler.reconfigure(replica.withMembership(m.toBuilder().addPeer(id, info).build()));
        }
        return replica.withMembership(m.toBuilder().addOrphan(id, info).build());
    }

    @Override
    public Diff diff(final Replica before, final Replica after) {
        return !before.membership().peerInfo().containsKey(id) && after.membership().peerInfo().containsKey(id)
            ? Diff.of("virtual-peer-id", id) : Diff.NONE;
    }
}
