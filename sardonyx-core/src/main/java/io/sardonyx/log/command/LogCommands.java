package io.sardonyx.log.command;

import io.sardonyx.log.JobSpec;
import io.sardonyx.log.JsonArgs;
import java.util.List;
import java.util.Map;

/** Reads a command from its name and JSON arguments, as stored in a log entry. */
public final class LogCommands {
    /** Every command name, in protocol order. */
    public static final List<String> NAMES = List.of(PrepareJoinCluster.NAME, NotifyJoinCluster.NAME,
        AcceptJoinCluster.NAME, AbortJoinCluster.NAME, GroupLeaveCluster.NAME, LeaveCluster.NAME,
        AddVirtualPeer.NAME, SubmitJob.NAME, KillJob.NAME, CompleteJob.NAME, Gc.NAME);

    private LogCommands() {
    }

    /**
     * @throws IllegalArgumentException for an unknown name or missing or mistyped arguments, naming which
     */
    public static LogCommand fromJson(final String name, final Map<String, Object> json) {
        final JsonArgs args = new JsonArgs(name, json);
        return switch (name) {
            case PrepareJoinCluster.NAME -> new PrepareJoinCluster(args.string("joiner"));
            case NotifyJoinCluster.NAME -> new NotifyJoinCluster(args.string("observer"));
            case AcceptJoinCluster.NAME -> new AcceptJoinCluster(args.string("observer"), args.string("subject"),
                args.string("accepted-observer"), args.string("accepted-joiner"));
            case AbortJoinCluster.NAME -> new AbortJoinCluster(args.string("id"));
            case GroupLeaveCluster.NAME -> new GroupLeaveCluster(args.string("id"),
                json.get("clean") instanceof Boolean clean && clean);
            case LeaveCluster.NAME -> new LeaveCluster(args.string("id"), args.string("group-id"));
            case AddVirtualPeer.NAME -> AddVirtualPeer.fromJson(args);
            case SubmitJob.NAME -> new SubmitJob(JobSpec.fromJson(json));
            case KillJob.NAME -> new KillJob(args.string("job"), args.optionalLong("version", KillJob.ANY_VERSION));
            case CompleteJob.NAME -> new CompleteJob(args.string("job-id"),
                args.optionalLong("version", CompleteJob.ANY_VERSION));
            case Gc.NAME -> new Gc(args.string("id"));
            default -> throw new IllegalArgumentException("unknown log command \"" + name + "\"; known: " + NAMES);
        };
    }
}
