package io.sardonyx.client;

import io.sardonyx.checkpoint.CheckpointException;
import io.sardonyx.checkpoint.CheckpointStorage;
import io.sardonyx.checkpoint.SealedStorage;
import io.sardonyx.checkpoint.Checkpoints;
import io.sardonyx.checkpoint.DirectoryCheckpointStorage;
import io.sardonyx.checkpoint.TenancyStorage;
import io.sardonyx.codec.TenancySecret;
import io.sardonyx.log.LogParameters;
import io.sardonyx.log.store.LogStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An environment's side of the tenancy's checkpoint storage. A process that only talks to the cluster adopts the
 * storage the tenancy recorded (if any) and never records one; the first peer group records the storage it was given,
 * or the default: {@code ~/.sardonyx/checkpoints}, or a temporary directory (deleted on close) when the environment's
 * ZooKeeper is itself a throwaway. Thread-safe.
 */
final class EnvironmentStorage {
    private final LogStore store;
    private final String tenancy;
    private final LogParameters parameters;
    private final Supplier<CheckpointStorage> requested;
    private final boolean throwaway;
    private final int retain;
    private TenancyStorage.Binding binding;
    private Checkpoints checkpoints;
    private Path madeDir;
    private final TenancySecret secret;

    /**
     * @param requested the storage the user asked for, opened (null: none asked for)
     * @param throwaway whether the environment's ZooKeeper lives in a temporary directory it deletes
     * @param secret    the tenancy's secret, which seals every blob; null for none
     * @throws IllegalStateException when the tenancy records another storage than the one asked for
     */
    EnvironmentStorage(final LogStore store, final String tenancy, final LogParameters parameters,
                       final Supplier<CheckpointStorage> requested, final boolean throwaway, final int retain,
                       final TenancySecret secret) {
        this.secret = secret;
        this.store = store;
        this.tenancy = tenancy;
        this.parameters = parameters;
        this.requested = requested;
        this.throwaway = throwaway;
        this.retain = retain;
        if (store.storedParameters().map(p -> p.checkpointStorage() != null).orElse(false)) {
            bind();
        }
    }

    /** The tenancy's checkpoints, recorded now if the tenancy has none yet, proved readable: for a peer group. */
    synchronized Checkpoints forPeers() {
        bind();
        TenancyStorage.prove(binding, tenancy);
        return checkpoints;
    }

    /** The tenancy's checkpoints when it records a storage, else null: for clients (gc, listings). */
    synchronized Checkpoints adopted() {
        if (binding == null && store.storedParameters().map(p -> p.checkpointStorage() != null).orElse(false)) {
            bind();
        }
        return checkpoints;
    }

    /** The binding, or null while the tenancy records no storage and no group of this environment started. */
    synchronized TenancyStorage.Binding binding() {
        adopted();
        return binding;
    }

    /** The directory the tenancy's checkpoints are kept in; empty with another storage, or before one is bound. */
    synchronized Optional<Path> directory() {
        final TenancyStorage.Binding bound = binding();
        return bound != null && bound.storage() instanceof DirectoryCheckpointStorage dir ? Optional.of(dir.root())
            : Optional.empty();
    }

    /** The storage as the tenancy's log parameters record it; empty before one is bound. */
    synchronized Optional<String> described() {
        final TenancyStorage.Binding bound = binding();
        return bound == null ? Optional.empty() : Optional.of(bound.recorded().describe());
    }

    /** A job's complete checkpoints with their sizes; none before a storage is bound. */
    List<Checkpoints.Stored> list(final String jobId) {
        final Checkpoints adopted = adopted();
        return adopted == null ? List.of() : adopted.list(jobId);
    }

    private void bind() {
        if (binding != null) {
            return;
        }
        try {
            binding = TenancyStorage.bind(store, tenancy, parameters, requested.get(), this::fallback,
                System.getenv());
        } catch (final CheckpointException e) {
            deleteMade();
            throw new IllegalStateException("cannot set up the checkpoint storage of tenancy " + tenancy + ": "
                + e.getMessage(), e);
        } catch (final RuntimeException e) {
            deleteMade();
            throw e;
        }
        checkpoints = new Checkpoints(secret == null ? binding.storage()
            : new SealedStorage(binding.storage(), secret), store, retain);
    }

    private CheckpointStorage fallback() {
        if (!throwaway) {
            return new DirectoryCheckpointStorage(SardonyxHome.checkpoints(), tenancy);
        }
        try {
            madeDir = Files.createTempDirectory("sardonyx-checkpoints");
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot make a checkpoint directory", e);
        }
        return new DirectoryCheckpointStorage(madeDir, tenancy);
    }

    /** Closes the checkpoint I/O and deletes the directory this environment made, if any. */
    synchronized void close(final Closing closing) {
        if (checkpoints != null) {
            closing.then("the checkpoint I/O", checkpoints::close);
        }
        closing.then("the checkpoint directory this environment made", this::deleteMade);
    }

    private void deleteMade() {
        Closing.deleteMade(madeDir);
        madeDir = null;
    }
}
