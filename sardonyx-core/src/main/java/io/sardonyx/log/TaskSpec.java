package io.sardonyx.log;

import io.sardonyx.job.FluxPolicy;
import io.sardonyx.job.TaskType;
import java.util.List;

/**
 * What scheduling needs to know of one task of a submitted job.
 *
 * @param name         the task name
 * @param type         input, function, output or reduce
 * @param minPeers     peers it needs before the job may run
 * @param maxPeers     most peers it may use ({@link Long#MAX_VALUE} when unbounded)
 * @param fluxPolicy   for grouped tasks, what losing a peer does; null otherwise
 * @param requiredTags tags a peer must have to run it
 * @param percentage   its share under the percentage task scheduler (0 when not set)
 * @param grouped      true when segments are routed to it by group
 * @param windowed     true when it holds window state
 */
public record TaskSpec(String name, TaskType type, long minPeers, long maxPeers, FluxPolicy fluxPolicy,
                       List<String> requiredTags, long percentage, boolean grouped, boolean windowed) {
    public TaskSpec {
        requiredTags = List.copyOf(requiredTags);
    }
}
