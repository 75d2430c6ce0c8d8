package io.sardonyx.runtime;

import io.sardonyx.api.JobHandle;
import io.sardonyx.api.JobOutcome;
import io.sardonyx.api.Sardonyx;
import io.sardonyx.job.JsonText;
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

    /** Waits for the job; on a timeout, the failure shows the replica. */
    static JobOutcome await(final Sardonyx sardonyx, final JobHandle job) throws InterruptedException {
        try {
            return job.await(Duration.ofSeconds(60));
        } catch (final TimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nreplica:\n"
                + JsonText.write(ReplicaJson.toJson(sardonyx.replica())), e);
        }
    }

    static List<Map<String, Object>> numbers(final int count) {
        final List<Map<String, Object>> out = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            out.add(Map.of("n", i));
        }
        return out;
    }
}
