package io.sardonyx.log.store;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.zookeeper.client.ZKClientConfig;

/**
 * How a client reaches ZooKeeper over TLS (ZooKeeper's {@code secureClientPort}): the trust store that holds the
 * servers' certificate authority, and a key store when the servers also want the client's certificate. Stores are
 * PKCS12 or JKS (by their extension, {@code .p12}/{@code .pfx} or {@code .jks}) or PEM ({@code .pem}).
 *
 * @param trustStore the servers' certificates or their authority
 * @param keyStore   this client's key and certificate, or null
 * @param password   the stores' password, or null for none (PEM)
 */
public record ZooKeeperTls(Path trustStore, Path keyStore, String password) {
    /**
     * @throws IllegalArgumentException naming a store that is not a readable file
     */
    public ZooKeeperTls {
        if (trustStore == null) {
            throw new IllegalArgumentException("ZooKeeper TLS needs a trust store");
        }
        requireReadable(trustStore, "trust store");
        if (keyStore != null) {
            requireReadable(keyStore, "key store");
        }
    }

    private static void requireReadable(final Path store, final String what) {
        if (!Files.isRegularFile(store) || !Files.isReadable(store)) {
            throw new IllegalArgumentException("the ZooKeeper TLS " + what + " " + store + " is not a readable file");
        }
    }

    /** The ZooKeeper client configuration: the Netty client socket, secure, with these stores. */
    ZKClientConfig clientConfig() {
        final ZKClientConfig config = new ZKClientConfig();
        config.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, "org.apache.zookeeper.ClientCnxnSocketNetty");
        config.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
        config.setProperty("zookeeper.ssl.trustStore.location", trustStore.toString());
        config.setProperty("zookeeper.ssl.trustStore.type", type(trustStore));
        if (password != null) {
            config.setProperty("zookeeper.ssl.trustStore.password", password);
        }
        if (keyStore != null) {
            config.setProperty("zookeeper.ssl.keyStore.location", keyStore.toString());
            config.setProperty("zookeeper.ssl.keyStore.type", type(keyStore));
            if (password != null) {
                config.setProperty("zookeeper.ssl.keyStore.password", password);
            }
        }
        return config;
    }

    private static String type(final Path store) {
        final String name = store.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".pem")) {
            return "PEM";
        }
        return name.endsWith(".jks") ? "JKS" : "PKCS12";
    }

    @Override
    public String toString() {
        return "ZooKeeperTls[trustStore=" + trustStore + ", keyStore=" + keyStore + "]";
    }
}
