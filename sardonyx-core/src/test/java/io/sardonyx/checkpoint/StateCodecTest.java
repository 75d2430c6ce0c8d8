package io.sardonyx.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checkpoint state larger than the element limit (a window store's snapshot of a million keys) round-trips. */
class StateCodecTest {
    @Test
    void byteArraysAndStringsAreBoundedByBytesNotByTheElementCount() {
        final byte[] big = new byte[30_000_000];
        Arrays.fill(big, (byte) 7);
        final Object decoded = StateCodec.decode(StateCodec.encode(Map.of("windows", big, "name",
            "x".repeat(17_000_000))));
        assertThat(((Map<?, ?>) decoded).get("windows")).isEqualTo(big);
        assertThat((String) ((Map<?, ?>) decoded).get("name")).hasSize(17_000_000);
    }
}
