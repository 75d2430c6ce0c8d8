package io.sardonyx.peer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestartWindowTest {
    @Test
    void countsOnlyRestartsWithinTheWindowPerJob() {
        final RestartWindow window = new RestartWindow(1_000);
        assertThat(window.record("a", 1, 0)).isEqualTo(1);
        assertThat(window.record("a", 1, 100)).as("another peer, same allocation: one incident").isEqualTo(1);
        assertThat(window.record("a", 2, 500)).isEqualTo(2);
        assertThat(window.record("b", 7, 600)).isEqualTo(1);
        assertThat(window.record("a", 3, 1_000)).isEqualTo(3);
        assertThat(window.record("a", 4, 1_501)).as("the restart at 0 and at 500 fell out").isEqualTo(2);
    }
}
