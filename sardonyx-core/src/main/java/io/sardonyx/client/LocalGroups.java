package io.sardonyx.client;

import io.sardonyx.metrics.PeerHttpServer;
import io.sardonyx.peer.PeerGroup;
import io.sardonyx.peer.PeerRuntime;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The peer groups an environment started in this JVM, each with its runtime and HTTP endpoint. Thread-safe. */
final class LocalGroups {
    private final List<Group> groups = new CopyOnWriteArrayList<>();

    private record Group(PeerGroup group, PeerRuntime runtime, PeerHttpServer http) {
        void close() {
            try {
                if (http != null) {
                    http.close();
                }
                group.close();
            } finally {
                runtime.close();
            }
        }
    }

    void add(final PeerGroup group, final PeerRuntime runtime, final PeerHttpServer http) {
        groups.add(new Group(group, runtime, http));
    }

    List<PeerGroup> groups() {
        final List<PeerGroup> out = new ArrayList<>();
        groups.forEach(g -> out.add(g.group));
        return out;
    }

    /**
     * @throws IllegalArgumentException when the group was not started here
     */
    PeerRuntime runtimeOf(final PeerGroup group) {
        return find(group).runtime;
    }

    /** The group's HTTP endpoint address, or null when it has none or was not started here. */
    InetSocketAddress httpAddress(final PeerGroup group) {
        for (final Group g : groups) {
            if (g.group == group) {
                return g.http == null ? null : g.http.address();
            }
        }
        return null;
    }

    /** Stops one group: it leaves the cluster. */
    void stop(final PeerGroup group) {
        for (final Group g : groups) {
            if (g.group == group) {
                groups.remove(g);
                g.close();
            }
        }
    }

    /** Stops every group, each even when another fails. */
    void closeAll(final Closing closing) {
        for (final Group g : groups) {
            closing.then("peer group " + g.group.id(), g::close);
        }
        groups.clear();
    }

    private Group find(final PeerGroup group) {
        for (final Group g : groups) {
            if (g.group == group) {
                return g;
            }
        }
        throw new IllegalArgumentException("group " + group.id() + " was not started by this environment");
    }
}
