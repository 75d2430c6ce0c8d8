package io.sardonyx.client;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sardonyx.log.Replica;
import io.sardonyx.log.store.LogStore;
import io.sardonyx.peer.PeerGroup;
import io.sardonyx.peer.PeerRuntime;

/**
 * The engine behind a {@link Sardonyx}, in the engine's own types: its log store, the replica it follows, its job
 * client, its meter registry and the runtimes of its peer groups. For the command line, the dashboard, benchmarks and
 * tests, which read the log and the peers' inner state; these types change with the engine and carry no promise of
 * compatibility. Applications use {@link Sardonyx}, {@link Peers}, {@link ClusterView} and {@link JobHandle}.
 */
public final class Engine {
    private final Sardonyx sardonyx;

    private Engine(final Sardonyx sardonyx) {
        this.sardonyx = sardonyx;
    }

    /** The engine of an environment. */
    public static Engine of(final Sardonyx sardonyx) {
        return new Engine(sardonyx);
    }

    /** The log of the tenancy. */
    public LogStore store() {
        return sardonyx.store;
    }

    /** The latest replica the environment has read. */
    public Replica replica() {
        return sardonyx.follower.replica();
    }

    /** The client the environment submits, kills and inspects jobs with. */
    public SardonyxClient client() {
        return sardonyx.jobs;
    }

    /** Meters of every task run in the environment's JVM. */
    public PrometheusMeterRegistry meters() {
        return sardonyx.meters;
    }

    /** The engine's group behind a peer group handle. */
    public PeerGroup group(final Peers peers) {
        return peers.group();
    }

    /** The runtime of one of the environment's peer groups. */
    public PeerRuntime runtimeOf(final Peers peers) {
        return sardonyx.groups.runtimeOf(peers.group());
    }
}
