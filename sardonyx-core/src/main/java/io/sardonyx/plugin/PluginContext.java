package io.sardonyx.plugin;

import io.micrometer.core.instrument.MeterRegistry;
import io.sardonyx.job.Task;
import io.sardonyx.usercode.UserCode;

/**
 * What a plugin knows of where it runs.
 *
 * @param jobId     the job id
 * @param task      the task's catalog entry (plugins read their own keys from it)
 * @param slot      this peer's slot on the task (0-based)
 * @param peers     how many peers run the task
 * @param keyGroups the job's key groups: inputs split their data into as many splits, each slot reading the
 *                  splits {@link io.sardonyx.job.KeyGroups} gives it, so offsets move when the peer count changes
 * @param resources in-process queues and the sink for collected output
 * @param code      resolves user code the plugin names (a seq supplier)
 * @param version   the job's allocation version the task runs at (the job starts over when it changes)
 * @param meters    where a plugin registers meters of its own (tag them with the job, task and slot)
 */
public record PluginContext(String jobId, Task task, int slot, int peers, int keyGroups, PluginResources resources,
                            UserCode code, long version, MeterRegistry meters) {
    /** A required string key of the task, or an exception naming the task and the key. */
    public String requireString(final String key) {
        if (task.attributes().get(key) instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw new IllegalArgumentException("task " + task.name() + " needs \"" + key + "\" (a string) for plugin "
            + task.plugin().orElse("?"));
    }
}
