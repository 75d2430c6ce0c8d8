package io.sardonyx.peer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestartWindowTest {
    @Test
    void countsOnlyRestartsWithinTheWindowPerJob() {
        final RestartWindow window = new RestartWindow(1_000);
        assertThat(window.record("a", 0)).isEqualTo(1);
        assertThat(window.record("a", 500)).isEqualTo(2);
        assertThat(window.record("b", 600)).isEqualTo(1);
        assertThat(window.record("a", 1_000)).isEqualTo(3);
        assertThat(window.record("a", 1_501)).as("the restart at 0 and at 500 fell out").isEqualTo(2);
    }
}
