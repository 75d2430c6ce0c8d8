package io.sardonyx.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.log.PeerSite;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which senders a messenger without a tenancy secret reads: this machine's, and the groups' the replica lists. */
class AeronMessengerTest {
    @Test
    void withoutASecretOnlySendersAtThisMachineOrAtAGroupsAddressAreRead() {
        try (AeronMessenger messenger = AeronMessenger.start(MessagingSettings.DEFAULT, "127.0.0.1", 0)) {
            assertThat(messenger.admits("198.51.100.1:4000")).as("before the replica is known, anyone").isTrue();
            final Set<PeerSite> sites = new HashSet<>(Set.of(new PeerSite("192.0.2.7", 40200)));
            final Set<PeerSite> first = Set.copyOf(sites);
            messenger.admitFrom(() -> first);
            assertThat(messenger.admits("192.0.2.7:51234")).as("a group's address").isTrue();
            assertThat(messenger.admits("127.0.0.1:51234")).as("this machine's").isTrue();
            assertThat(messenger.admits("198.51.100.1:4000")).as("no group's").isFalse();
            assertThat(messenger.admits("127.0.0.2:4000")).as("loopback, but no interface's").isFalse();

            // A group joins at that address: the next replica lists it.
            sites.add(new PeerSite("198.51.100.1", 40200));
            final Set<PeerSite> second = Set.copyOf(sites);
            messenger.admitFrom(() -> second);
            assertThat(messenger.admits("198.51.100.1:4000")).isTrue();
            assertThat(messenger.rejectedFrames()).isZero();
        }
    }
}
