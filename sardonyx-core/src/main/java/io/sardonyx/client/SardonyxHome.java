package io.sardonyx.client;

import java.nio.file.Path;

/**
 * Where Sardonyx keeps what outlives a process on one machine: {@code $SARDONYX_HOME}, else {@code ~/.sardonyx} (the
 * {@code HOME} of the environment, else the JVM's {@code user.home}). Every process of a machine started by one user
 * shares it: the development ZooKeeper's data ({@code zookeeper/}) and the default checkpoint storage
 * ({@code checkpoints/}).
 */
public final class SardonyxHome {
    private SardonyxHome() {
    }

    /** The directory itself. */
    public static Path dir() {
        final String explicit = System.getenv("SARDONYX_HOME");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        final String home = System.getenv("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".sardonyx")
            .toAbsolutePath();
    }

    /** Where an embedded development ZooKeeper keeps its data by default. */
    public static Path zookeeper() {
        return dir().resolve("zookeeper");
    }

    /** Where {@code sardonyx env --kafka} keeps its broker's log. */
    public static Path kafka() {
        return dir().resolve("kafka");
    }

    /** The default checkpoint storage of a cluster: one directory every process of this machine shares. */
    public static Path checkpoints() {
        return dir().resolve("checkpoints");
    }
}
