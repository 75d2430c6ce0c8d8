package io.sardonyx.log.store;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;

/**
 * Opens Curator clients with Sardonyx's settings: bounded exponential back-off (1 s to 30 s, 5 retries, as Onyx),
 * and, when credentials are given, digest authentication with creator-only ACLs on every znode created, so a
 * client without the credentials gets NoAuth.
 */
public final class ZooKeeperConnection {
    private ZooKeeperConnection() {
    }

    /**
     * Opens and starts a client, waiting until it is connected.
     *
     * @param connectString    {@code host:port[,host:port...]}
     * @param sessionTimeoutMs how long ZooKeeper waits for a silent client before ending its session (and its
     *                         groups' pulses)
     * @param credentials      {@code user:password} for digest authentication, or null for none
     * @throws LogStoreException when no connection is made within the session timeout
     */
    public static CuratorFramework open(final String connectString, final int sessionTimeoutMs,
                                        final String credentials) {
        return open(connectString, sessionTimeoutMs, credentials, null);
    }

    /**
     * Connects over TLS when {@code tls} is given.
     *
     * @param tls the trust and key stores, or null for a plain connection
     * @throws LogStoreException when no connection is made within the session timeout
     */
    public static CuratorFramework open(final String connectString, final int sessionTimeoutMs,
                                        final String credentials, final ZooKeeperTls tls) {
        final CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
            .connectString(connectString)
            .sessionTimeoutMs(sessionTimeoutMs)
            .connectionTimeoutMs(Math.min(sessionTimeoutMs, 15_000))
            .retryPolicy(new BoundedExponentialBackoffRetry(1000, 30_000, 5));
        if (credentials != null) {
            if (!credentials.contains(":")) {
                throw new IllegalArgumentException("ZooKeeper credentials must be user:password");
            }
            builder.authorization("digest", credentials.getBytes(StandardCharsets.UTF_8));
            builder.aclProvider(new ACLProvider() {
                @Override
                public List<ACL> getDefaultAcl() {
                    return ZooDefs.Ids.CREATOR_ALL_ACL;
                }

                @Override
                public List<ACL> getAclForPath(final String path) {
                    return ZooDefs.Ids.CREATOR_ALL_ACL;
                }
            });
        }
        if (tls != null) {
            builder.zkClientConfig(tls.clientConfig());
        }
        final CuratorFramework client = builder.build();
        client.start();
        try {
            if (!client.blockUntilConnected(sessionTimeoutMs, TimeUnit.MILLISECONDS)) {
                client.close();
                throw new LogStoreException("cannot connect to ZooKeeper at " + connectString + " within "
                    + sessionTimeoutMs + " ms" + (tls == null ? "" : " over TLS (is that its secure client port, and "
                    + "does the trust store " + tls.trustStore() + " hold its certificate's authority?)"), null);
            }
        } catch (final InterruptedException e) {
            client.close();
            Thread.currentThread().interrupt();
            throw new LogStoreException("interrupted while connecting to ZooKeeper at " + connectString, e);
        }
        return client;
    }
}
