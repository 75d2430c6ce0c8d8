package io.sardonyx.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.sardonyx.log.command.PrepareJoinCluster;
import io.sardonyx.log.store.InMemoryLog;
import io.sardonyx.log.store.LogCursor;
import org.junit.jupiter.api.Test;

/** The one way to follow a log: entries in order, and a jump to the newer origin when a gc deleted what it needed. */
class LogCursorTest {
    @Test
    void followsEntriesAndJumpsToTheOriginAfterAGc() throws Exception {
        final InMemoryLog log = new InMemoryLog();
        log.parameters(LogParameters.DEFAULT);
        final LogCursor cursor = new LogCursor(log);
        assertThat(cursor.read()).isSameAs(LogCursor.Step.NONE);
        log.append(new PrepareJoinCluster("g1"), "g1", -1);
        final LogCursor.Step first = cursor.await(1_000);
        assertThat(first).isInstanceOf(LogCursor.Applied.class);
        assertThat(((LogCursor.Applied) first).transition().entry().messageId()).isEqualTo(cursor.next() - 1);
        assertThat(cursor.replica().version()).isEqualTo(cursor.next() - 1);

        // Two more entries; a gc then makes the second the origin and deletes everything before it.
        final long second = log.append(new PrepareJoinCluster("g2"), "g2", -1);
        log.append(new PrepareJoinCluster("g3"), "g3", -1);
        final LogCursor behind = new LogCursor(log);
        final LogCursor ahead = new LogCursor(log);
        ahead.read();
        ahead.read();
        final Replica atSecond = ahead.replica();
        log.advanceOrigin(new Origin(second, atSecond));
        log.deleteBefore(second + 1);
        final LogCursor.Step step = behind.read();
        assertThat(step).isInstanceOf(LogCursor.Reset.class);
        assertThat(behind.origin().messageId()).isEqualTo(second);
        assertThat(behind.replica()).isEqualTo(atSecond);
        assertThat(behind.read()).isInstanceOf(LogCursor.Applied.class);
        assertThat(behind.next()).isEqualTo(second + 2);
    }
}
