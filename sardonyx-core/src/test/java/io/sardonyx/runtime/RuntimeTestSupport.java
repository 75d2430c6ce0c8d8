package io.sardonyx.runtime;

import io.sardonyx.client.Engine;
import io.sardonyx.client.JobHandle;
import io.sardonyx.client.JobOutcome;
import io.sardonyx.client.Sardonyx;
import io.sardonyx.codec.JsonText;
import io.sardonyx.log.ReplicaJson;
import io.sardonyx.task.RuntimeSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** Shared set-up of the in-process cluster tests: an embedded environment with a short barrier period. */
final class RuntimeTestSupport {
    private RuntimeTestSupport() {
    }

    static Sardonyx environment() {
        return Sardonyx.builder().runtime(RuntimeSettings.DEFAULT.withBarrierPeriodMs(50)).build();
    }

    /** Waits for the job; on a timeout, the failure shows the log (its last 200 entries) and the replica. */
    static JobOutcome await(final Sardonyx sardonyx, final JobHandle job) throws InterruptedException {
        try {
            return job.await(Duration.ofSeconds(60));
        } catch (final TimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nlog:\n" + log(sardonyx) + "replica:\n"
                + JsonText.write(ReplicaJson.toJson(Engine.of(sardonyx).replica())), e);
        }
    }

    /** The log's last 200 entries, one a line: id, command, arguments. */
    static String log(final Sardonyx sardonyx) {
        final List<String> lines = new ArrayList<>();
        for (long id = Engine.of(sardonyx).store().origin().messageId() + 1; ; id++) {
            final java.util.Optional<io.sardonyx.log.store.LogEntry> entry = Engine.of(sardonyx).store().read(id);
            if (entry.isEmpty()) {
                break;
            }
            lines.add(id + " " + entry.get().command().name() + " " + entry.get().command().args());
        }
        final StringBuilder out = new StringBuilder();
        lines.subList(Math.max(0, lines.size() - 200), lines.size()).forEach(l -> out.append("  ").append(l)
            .append('\n'));
        return out.toString();
    }

    static List<Map<String, Object>> numbers(final int count) {
        final List<Map<String, Object>> out = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            out.add(Map.of("n", i));
        }
        return out;
    }
}
