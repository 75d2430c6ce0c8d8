package io.sardonyx.task;

import io.sardonyx.log.PeerInfo;
import io.sardonyx.messaging.Outbox;
import java.util.ArrayList;
import java.util.List;

/**
 * The routes of one task on one peer at one allocation version: to every peer of every downstream task (in
 * layout order), to the job's coordinator, and, when this peer is the coordinator, to every input peer. Opened
 * whole or not at all; owned by the task's thread.
 */
final class TaskRoutes implements AutoCloseable {
    /** Per downstream task (layout order), per peer (slot order). */
    final Outbox[][] downstream;
    final Outbox toCoordinator;
    /** Routes to every input peer, when this peer coordinates the job; else empty. */
    final List<Outbox> toInputs;
    /** Routes to every terminal peer (they commit checkpoints), when this peer coordinates the job; else empty. */
    final List<Outbox> toTerminals;
    private final List<Outbox> opened = new ArrayList<>();

    /**
     * @throws IllegalStateException naming a peer the replica has no site for; nothing stays open
     */
    TaskRoutes(final TaskServices services, final String peer, final JobLayout layout, final int taskIndex) {
        try {
            final List<Integer> down = layout.downstream().get(taskIndex);
            downstream = new Outbox[down.size()][];
            for (int d = 0; d < down.size(); d++) {
                final List<String> peers = layout.peers().get(down.get(d));
                downstream[d] = new Outbox[peers.size()];
                for (int s = 0; s < peers.size(); s++) {
                    downstream[d][s] = open(services, peer, layout, peers.get(s));
                }
            }
            toCoordinator = open(services, peer, layout, layout.coordinator());
            final List<Outbox> inputs = new ArrayList<>();
            final List<Outbox> terminals = new ArrayList<>();
            if (peer.equals(layout.coordinator())) {
                for (final int in : layout.inputs()) {
                    for (final String p : layout.peers().get(in)) {
                        inputs.add(open(services, peer, layout, p));
                    }
                }
                for (final int t : layout.terminals()) {
                    for (final String p : layout.peers().get(t)) {
                        terminals.add(open(services, peer, layout, p));
                    }
                }
            }
            toInputs = List.copyOf(inputs);
            toTerminals = List.copyOf(terminals);
        } catch (final RuntimeException e) {
            close();
            throw e;
        }
    }

    private Outbox open(final TaskServices services, final String from, final JobLayout layout, final String to) {
        final PeerInfo info = layout.sites().get(to);
        if (info == null) {
            throw new IllegalStateException("peer " + to + " of job " + layout.jobId() + " is not in the replica's "
                + "membership at version " + layout.version());
        }
        final Outbox outbox = services.messenger().connect(from, to, info.site(),
            services.groupId().equals(info.group()));
        opened.add(outbox);
        return outbox;
    }

    /** Peers per downstream task. */
    int[] peerCounts() {
        final int[] counts = new int[downstream.length];
        for (int d = 0; d < downstream.length; d++) {
            counts[d] = downstream[d].length;
        }
        return counts;
    }

    @Override
    public void close() {
        for (final Outbox outbox : opened) {
            outbox.close();
        }
        opened.clear();
    }
}
