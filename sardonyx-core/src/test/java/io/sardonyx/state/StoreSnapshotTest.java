package io.sardonyx.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sardonyx.codec.CodecException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both stores keep the same state and export the same snapshot; each restores the other's; bad bytes are refused. */
class StoreSnapshotTest {
    @TempDir
    Path dir;

    private static void fill(final StateStore store) {
        for (long g = 0; g < 50; g++) {
            final Object group = g % 3 == 0 ? (Object) ("user-" + g) : g % 3 == 1 ? g : List.of(g, "x");
            for (long e = -3; e < 5; e++) {
                store.putExtent((int) (g % 2), group, e * 1000, Map.of("sum", g * e, "n", e));
            }
            store.putSlot(0, group, g);
            store.putSlot(3, group, List.of(g, g + 1));
        }
        store.putExtent(0, null, 7, 7L);
        store.removeExtent(0, "user-0", 0);
    }

    private static List<String> extents(final StateStore store, final int window, final Object group) {
        final List<String> out = new ArrayList<>();
        store.extents(window, group, (key, state) -> out.add(key + "=" + state));
        return out;
    }

    @Test
    void memoryAndRocksDbHoldTheSameAndRestoreEachOther() {
        try (MemoryStateStore memory = new MemoryStateStore(2); RocksDbStateStore rocks = new RocksDbStateStore(dir)) {
            fill(memory);
            fill(rocks);
            for (final Object group : List.of("user-0", 1L, List.of(2L, "x"), "user-3")) {
                for (int w = 0; w < 2; w++) {
                    assertThat(extents(rocks, w, group)).isEqualTo(extents(memory, w, group));
                }
                assertThat(rocks.slot(3, group)).isEqualTo(memory.slot(3, group));
            }
            assertThat(extents(rocks, 0, "user-0")).doesNotContain("0={sum=0, n=0}").hasSize(7);
            assertThat(extents(rocks, 0, "user-0").get(0)).startsWith("-3000=");
            assertThat(rocks.extent(0, null, 7)).isEqualTo(7L);
            final byte[] fromRocks = rocks.snapshot();
            try (MemoryStateStore restored = new MemoryStateStore(2);
                 RocksDbStateStore again = new RocksDbStateStore(dir)) {
                restored.restore(fromRocks);
                again.restore(memory.snapshot());
                for (final Object group : List.of("user-0", 1L, List.of(2L, "x"), 48L)) {
                    assertThat(extents(restored, 0, group)).isEqualTo(extents(memory, 0, group));
                    assertThat(extents(again, 1, group)).isEqualTo(extents(memory, 1, group));
                    assertThat(again.slot(0, group)).isEqualTo(memory.slot(0, group));
                }
                final List<Object> groups = new ArrayList<>();
                again.groups(groups::add);
                assertThat(groups).hasSize(51);
            }
        }
    }

    @Test
    void truncatedOrForeignSnapshotsAreRefused() {
        try (MemoryStateStore memory = new MemoryStateStore(2)) {
            fill(memory);
            final byte[] bytes = memory.snapshot();
            try (MemoryStateStore target = new MemoryStateStore(2)) {
                for (final int cut : new int[] {0, 3, 5, bytes.length / 2, bytes.length - 1}) {
                    assertThatThrownBy(() -> target.restore(Arrays.copyOf(bytes, cut)))
                        .isInstanceOf(CodecException.class);
                }
                final byte[] foreign = bytes.clone();
                foreign[0] ^= 1;
                assertThatThrownBy(() -> target.restore(foreign)).hasMessageContaining("not a window state snapshot");
                final byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
                assertThatThrownBy(() -> target.restore(trailing)).hasMessageContaining("after its end");
            }
        }
    }
}
