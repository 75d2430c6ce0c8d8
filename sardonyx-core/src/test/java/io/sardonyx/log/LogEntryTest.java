package io.sardonyx.log;

import io.sardonyx.log.store.LogEntry;
import io.sardonyx.log.store.Transition;
import static org.assertj.core.api.Assertions.assertThat;

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
import io.sardonyx.log.command.RejectedEntry;
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
    void anEntryNoReplicaCanApplyReadsAsARejectionNamingWhy() {
        assertThat(why("not json")).startsWith("log entry 7 is not JSON");
        assertThat(why("[1, 2]")).isEqualTo("log entry 7 is not a JSON object");
        assertThat(why("{\"log-format\": 2, \"fn\": \"gc\", \"args\": {\"id\": \"c\"}}"))
            .isEqualTo("log entry 7 has entry format 2; this build reads format 1");
        assertThat(why("{\"log-format\": 1, \"fn\": \"seal-task\", \"args\": {}}"))
            .contains("log entry 7: unknown log command \"seal-task\"");
        assertThat(why("{\"log-format\": 1, \"fn\": \"leave-cluster\", \"args\": {\"id\": \"p\"}}"))
            .isEqualTo("log entry 7: leave-cluster: argument \"group-id\" is missing");
        assertThat(why("{\"log-format\": 1, \"fn\": \"kill-job\", \"args\": {\"job\": 12}}"))
            .startsWith("log entry 7: kill-job");
        assertThat(why("{\"log-format\": 1, \"fn\": \"rejected-entry\", \"args\": {\"why\": \"x\"}}"))
            .contains("only a reader makes");
        assertThat(why("{\"log-format\": 1, \"fn\": \"submit-job\", \"args\": {\"id\": []}}"))
            .startsWith("log entry 7: ");
        final LogEntry huge = LogEntry.decode(7, 0, new byte[LogEntry.MAX_ENTRY_BYTES + 1]);
        assertThat(((RejectedEntry) huge.command()).why()).contains("over the limit");
    }

    @Test
    void aRejectedEntryChangesNothingAndEveryReplicaSkipsItAlike() {
        final Replica before = Replicas.joined(Replicas.empty(io.sardonyx.job.JobSchedulerKind.GREEDY), 1, "a");
        final LogEntry poison = decode("{\"log-format\": 1, \"fn\": \"kill-job\", \"args\": {\"job\": 12}}");
        final LogEntry again = decode("{\"log-format\": 1, \"fn\": \"kill-job\", \"args\": {\"job\": 12}}");
        assertThat(again).isEqualTo(poison);
        final Transition t = Transition.apply(before, new LogEntry(before.version() + 1, 0, poison.command(), null,
            -1));
        assertThat(t.after()).isEqualTo(before.withVersion(before.version() + 1));
        assertThat(t.diff()).isEqualTo(Diff.of("rejected", ((RejectedEntry) poison.command()).why()));
        assertThat(t.effects(Observer.group("a"))).isEmpty();
        assertThat(t.reactions(Observer.group("a"))).isEmpty();
    }

    private static LogEntry decode(final String text) {
        return LogEntry.decode(7, 0, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String why(final String text) {
        final LogEntry entry = decode(text);
        assertThat(entry.command()).as(text).isInstanceOf(RejectedEntry.class);
        return ((RejectedEntry) entry.command()).why();
    }
}
