package io.sardonyx.log;

import io.sardonyx.log.store.LogEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sardonyx.job.FluxPolicy;
import io.sardonyx.job.TaskSchedulerKind;
import io.sardonyx.log.command.AbortJoinCluster;
import io.sardonyx.log.command.AcceptJoinCluster;
import io.sardonyx.log.command.CompleteJob;
import io.sardonyx.log.command.Gc;
import io.sardonyx.log.command.GroupLeaveCluster;
import io.sardonyx.log.command.KillJob;
import io.sardonyx.log.command.LeaveCluster;
import io.sardonyx.log.command.LogCommand;
import io.sardonyx.log.command.LogCommands;
import io.sardonyx.log.command.NotifyJoinCluster;
import io.sardonyx.log.command.PrepareJoinCluster;
import io.sardonyx.log.command.SubmitJob;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogEntryTest {
    static List<LogCommand> everyCommand() {
        final JobSpec spec = new JobSpec("j1", List.of(Replicas.task("in", 1, Long.MAX_VALUE),
            Replicas.grouped("count", 2, 2, FluxPolicy.RECOVER)), TaskSchedulerKind.PERCENTAGE, 30);
        return List.of(new PrepareJoinCluster("g1"), new NotifyJoinCluster("g1"),
            new AcceptJoinCluster("g1", "g2", "g3", "g1"), new AbortJoinCluster("g1"), new GroupLeaveCluster("g1"),
            new LeaveCluster("p1", "g1"), Replicas.peer("p1", "g1", "gpu", "ssd"), new SubmitJob(spec),
            new KillJob("j1", 41), new CompleteJob("j1", 42), new Gc("c1"));
    }

    @Test
    void shouldRoundTripEveryCommand() {
        final List<LogCommand> commands = everyCommand();
        assertThat(commands.stream().map(LogCommand::name)).containsExactlyElementsOf(LogCommands.NAMES);
        for (final LogCommand command : commands) {
            final byte[] bytes = LogEntry.encode(command, "g9", 41);
            final LogEntry entry = LogEntry.decode(42, 1000, bytes);
            assertThat(entry).isEqualTo(new LogEntry(42, 1000, command, "g9", 41));
        }
        final LogEntry unversioned = LogEntry.decode(43, 1000, LogEntry.encode(new CompleteJob("j1"), "g9", 41));
        assertThat(unversioned.command()).isEqualTo(new CompleteJob("j1", CompleteJob.ANY_VERSION));
        final String text = new String(LogEntry.encode(new KillJob("j1"), null, -1), StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("{\n  \"log-format\": 1,\n  \"fn\": \"kill-job\",\n  \"args\": {\n"
            + "    \"job\": \"j1\"\n  }\n}");
    }

    @Test
    void shouldRefuseEntriesItCannotTrust() {
        assertThatThrownBy(() -> decode("not json")).hasMessageStartingWith("log entry 7 is not JSON");
        assertThatThrownBy(() -> decode("{\"log-format\": 2, \"fn\": \"gc\", \"args\": {\"id\": \"c\"}}"))
            .hasMessage("log entry 7 has entry format 2; this build reads format 1");
        assertThatThrownBy(() -> decode("{\"log-format\": 1, \"fn\": \"seal-task\", \"args\": {}}"))
            .hasMessageContaining("log entry 7: unknown log command \"seal-task\"");
        assertThatThrownBy(() -> decode("{\"log-format\": 1, \"fn\": \"leave-cluster\", \"args\": {\"id\": \"p\"}}"))
            .hasMessage("log entry 7: leave-cluster: argument \"group-id\" is missing");
        assertThatThrownBy(() -> LogEntry.decode(7, 0, new byte[LogEntry.MAX_ENTRY_BYTES + 1]))
            .hasMessageContaining("over the limit");
    }

    private static LogEntry decode(final String text) {
        return LogEntry.decode(7, 0, text.getBytes(StandardCharsets.UTF_8));
    }
}
