package io.sardonyx.task;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sardonyx.checkpoint.BlobKey;
import io.sardonyx.checkpoint.CheckpointException;
import io.sardonyx.log.CheckpointLocation;
import io.sardonyx.checkpoint.CheckpointStorage;
import io.sardonyx.checkpoint.Checkpoints;
import io.sardonyx.checkpoint.InMemoryCheckpointStorage;
import io.sardonyx.job.PackagePolicy;
import io.sardonyx.log.LogParameters;
import io.sardonyx.log.PeerSite;
import io.sardonyx.log.Replica;
import io.sardonyx.log.store.InMemoryLog;
import io.sardonyx.messaging.LocalExchange;
import io.sardonyx.messaging.Messenger;
import io.sardonyx.peer.LocalResources;
import io.sardonyx.plugin.PluginResources;
import io.sardonyx.usercode.UserCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A peer group's services for tasks under test, all on the test's thread: a replica the test sets, frames through an
 * in-memory exchange, checkpoint I/O queued until the test runs it ({@link #runIo}), a clock the test moves, and the
 * log writes a task asks for recorded rather than written. A storage read while {@link #inDutyCycle} is set fails
 * the test: a task's duty cycle never waits on storage.
 */
final class FakeTaskServices implements TaskServices, AutoCloseable {
    static final UserCode CODE = new UserCode(FakeTaskServices.class.getClassLoader(), PackagePolicy.ANY);

    final InMemoryLog store = new InMemoryLog();
    final ArrayDeque<Runnable> io = new ArrayDeque<>();
    final LocalExchange exchange = new LocalExchange(64);
    final List<String> kills = new ArrayList<>();
    final List<String> restarts = new ArrayList<>();
    final List<String> completions = new ArrayList<>();
    final List<String> readsInDutyCycle = new ArrayList<>();
    private final CheckpointStorage storage;
    private final Checkpoints checkpoints;
    private final LocalResources resources = new LocalResources(store, Runnable::run);
    private final MeterRegistry meters = new SimpleMeterRegistry();
    Replica replica;
    boolean inDutyCycle;
    int blobsRead;
    long nanos = 1_000_000_000L;

    FakeTaskServices() {
        store.parameters(LogParameters.DEFAULT);
        final InMemoryCheckpointStorage memory = new InMemoryCheckpointStorage("test");
        storage = new CheckpointStorage() {
            @Override
            public void write(final BlobKey key, final byte[] payload) {
                memory.write(key, payload);
            }

            @Override
            public byte[] read(final BlobKey key) throws CheckpointException {
                if (inDutyCycle) {
                    readsInDutyCycle.add(key.toString());
                }
                blobsRead++;
                return memory.read(key);
            }

            @Override
            public long size(final BlobKey key) throws CheckpointException {
                return memory.size(key);
            }

            @Override
            public void delete(final String jobId, final long version, final long epoch) {
                memory.delete(jobId, version, epoch);
            }

            @Override
            public void deleteJob(final String jobId) {
                memory.deleteJob(jobId);
            }

            @Override
            public void writeMarker(final String name, final byte[] payload) {
                memory.writeMarker(name, payload);
            }

            @Override
            public byte[] readMarker(final String name) throws CheckpointException {
                return memory.readMarker(name);
            }

            @Override
            public void deleteMarker(final String name) {
                memory.deleteMarker(name);
            }

            @Override
            public CheckpointLocation location() {
                return memory.location();
            }
        };
        checkpoints = new Checkpoints(storage, store, 3, io::add);
    }

    /** Runs the checkpoint I/O queued so far (and what it queues in turn); how many ran. */
    int runIo() {
        int ran = 0;
        for (Runnable r = io.poll(); r != null; r = io.poll()) {
            r.run();
            ran++;
        }
        return ran;
    }

    @Override
    public Replica replica() {
        return replica;
    }

    @Override
    public String groupId() {
        return "a";
    }

    @Override
    public Messenger messenger() {
        return exchange.messenger(new PeerSite("127.0.0.1", 40200), exchange::open);
    }

    @Override
    public UserCode code() {
        return CODE;
    }

    @Override
    public PluginResources resources() {
        return resources;
    }

    @Override
    public RuntimeSettings settings() {
        return RuntimeSettings.DEFAULT;
    }

    @Override
    public MeterRegistry meters() {
        return meters;
    }

    @Override
    public Checkpoints checkpoints() {
        return checkpoints;
    }

    @Override
    public void completeJob(final String jobId, final long version) {
        completions.add(jobId + "@" + version);
    }

    @Override
    public void evictPeer(final String peer, final String group, final String reason) {
        throw new AssertionError("no peer stalls here: " + peer + " " + reason);
    }

    @Override
    public void killJob(final String jobId, final long version, final String reason) {
        kills.add(reason);
    }

    @Override
    public void restartPeer(final String peer, final String jobId, final long version, final String reason) {
        restarts.add(peer + ": " + reason);
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public long epochMillis() {
        return nanos / 1_000_000;
    }

    @Override
    public void close() {
        resources.close();
        checkpoints.close();
    }
}
