package io.sardonyx.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sardonyx.log.store.InMemoryLog;
import io.sardonyx.log.LogParameters;
import io.sardonyx.log.PeerSite;
import io.sardonyx.log.ReplicaInvariants;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Peer groups on the in-memory log: the same protocol without a server, for embedded use and fast tests. */
class InMemoryPeerGroupTest {
    private final InMemoryLog log = new InMemoryLog();
    private final List<PeerGroup> groups = new ArrayList<>();

    @AfterEach
    void stop() {
        groups.forEach(PeerGroup::close);
    }

    @Test
    void aVanishedPulseIsNoticedByItsWatcherAndCascadesOverConsecutiveDeadGroups() {
        for (int i = 0; i < 5; i++) {
            groups.add(new PeerGroup(log.session(), new PeerGroupConfig(1, List.of(), new PeerSite("127.0.0.1", 40200),
                LogParameters.DEFAULT)).start());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> groups.stream().allMatch(g ->
            g.replica().membership().groups().size() == 5 && g.replica().membership().ring().prepared().isEmpty()
                && g.replica().membership().ring().accepted().isEmpty()));
        final var pairs = groups.get(0).replica().membership().ring().pairs();
        // Kill two consecutive groups of the ring at once: the ring must close over both.
        final String first = groups.get(0).id();
        final String second = pairs.get(first);
        for (final PeerGroup g : List.copyOf(groups)) {
            if (g.id().equals(first) || g.id().equals(second)) {
                groups.remove(g);
                g.halt();
            }
        }
        log.killPulse(first);
        log.killPulse(second);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            final var r = groups.get(0).replica();
            assertThat(r.membership().groups()).hasSize(3).doesNotContain(first, second);
            assertThat(ReplicaInvariants.violations(r)).isEmpty();
        });
    }
}
