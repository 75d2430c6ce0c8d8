package io.sardonyx.log.store;

import io.sardonyx.log.JsonArgs;
import io.sardonyx.codec.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One peer group's progress on a job, kept beside the log (job data {@code progress:<group>}, written at most about
 * once a second), so any process can show a job's progress, whichever machines run it and wherever their HTTP
 * endpoints listen: segments in and out per task, summed over the group's peers, and how many of its peers run the
 * job now. Reading is pure over the stored bytes.
 *
 * @param group   the peer group
 * @param running how many of the group's peers run a task of the job now (0 once they all stopped)
 * @param tasks   task → its segments in and out on the group's peers
 */
public record JobProgress(String group, long running, Map<String, Counts> tasks) {
    static final String PREFIX = "progress:";

    public JobProgress {
        tasks = java.util.Collections.unmodifiableMap(new TreeMap<>(tasks));
    }

    /**
     * Segments a task read and wrote.
     *
     * @param in  segments read
     * @param out segments written downstream or to its output
     */
    public record Counts(long in, long out) {
        Counts plus(final Counts other) {
            return new Counts(in + other.in, out + other.out);
        }
    }

    /** Stores this record under its group's name. */
    public void write(final LogStore store, final String jobId) {
        final Map<String, Object> counts = new LinkedHashMap<>();
        tasks.forEach((task, c) -> counts.put(task, Map.of("in", c.in, "out", c.out)));
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("group", group);
        json.put("running", running);
        json.put("tasks", counts);
        store.putJobData(jobId, PREFIX + group, JsonText.write(json).getBytes(StandardCharsets.UTF_8));
    }

    /** Every group's record of a job; records that do not parse are skipped (they are only progress). */
    public static List<JobProgress> read(final LogStore store, final String jobId) {
        final List<JobProgress> out = new java.util.ArrayList<>();
        store.jobData(jobId, PREFIX).forEach((name, bytes) -> {
            try {
                out.add(parse(bytes));
            } catch (final IllegalArgumentException | ClassCastException e) {
                // A record half written by a build of another format: it only counts segments, so leave it out.
                return;
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    static JobProgress parse(final byte[] bytes) {
        final JsonArgs json;
        try {
            json = new JsonArgs("progress", (Map<String, Object>) JsonText.parse(new String(bytes,
                StandardCharsets.UTF_8)));
        } catch (final JsonText.SyntaxException e) {
            throw new IllegalArgumentException("a progress record is not JSON: " + e.getMessage(), e);
        }
        final Map<String, Counts> tasks = new TreeMap<>();
        json.map("tasks").forEach((task, raw) -> {
            final JsonArgs c = new JsonArgs("progress of task " + task, (Map<String, Object>) raw);
            tasks.put(task, new Counts(c.longValue("in"), c.longValue("out")));
        });
        return new JobProgress(json.string("group"), json.longValue("running"), tasks);
    }

    /** The counts of every record, summed per task. */
    public static Map<String, Counts> total(final List<JobProgress> records) {
        final Map<String, Counts> sum = new TreeMap<>();
        for (final JobProgress record : records) {
            record.tasks.forEach((task, c) -> sum.merge(task, c, Counts::plus));
        }
        return sum;
    }
}
