package io.sardonyx.job;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A catalog entry: one task of the workflow, as a map keyed by Onyx's {@code onyx/*} names. Keys of other
 * namespaces ({@code "file/path"}, a parameter such as {@code "my/factor"}) pass through untouched for plugins
 * and {@code onyx/params}. Absent keys read as Onyx's defaults.
 *
 * @param attributes the task's keys, in file order
 */
public record Task(Map<String, Object> attributes) implements JobEntry {
    public static final String NAME = "onyx/name";
    public static final String TYPE = "onyx/type";
    public static final String FN = "onyx/fn";
    public static final String PLUGIN = "onyx/plugin";
    public static final String MEDIUM = "onyx/medium";
    public static final String BATCH_SIZE = "onyx/batch-size";
    public static final String BATCH_TIMEOUT = "onyx/batch-timeout";
    public static final String BATCH_FN = "onyx/batch-fn?";
    public static final String MIN_PEERS = "onyx/min-peers";
    public static final String MAX_PEERS = "onyx/max-peers";
    public static final String N_PEERS = "onyx/n-peers";
    public static final String PERCENTAGE = "onyx/percentage";
    public static final String GROUP_BY_KEY = "onyx/group-by-key";
    public static final String GROUP_BY_FN = "onyx/group-by-fn";
    public static final String FLUX_POLICY = "onyx/flux-policy";
    public static final String REQUIRED_TAGS = "onyx/required-tags";
    public static final String PARAMS = "onyx/params";
    public static final String LANGUAGE = "onyx/language";
    public static final String ASSIGN_WATERMARK_FN = "onyx/assign-watermark-fn";
    public static final String MAX_SEGMENTS_PER_BARRIER = "onyx/max-segments-per-barrier";
    public static final String STATE_STORE = "onyx/state-store";
    public static final String UNIQUENESS_KEY = "onyx/uniqueness-key";
    public static final String DOC = "onyx/doc";

    /** Onyx's default {@code onyx/batch-timeout}, in milliseconds. */
    public static final long DEFAULT_BATCH_TIMEOUT_MS = 50;
    /** The only {@code onyx/language} Sardonyx runs. */
    public static final String JAVA = "java";

    public Task {
        attributes = JsonValues.freezeMap(attributes, "task");
    }

    /** The task name ({@code onyx/name}), or null on an unvalidated entry that lacks one. */
    public String name() {
        return get(NAME) instanceof String s ? s : null;
    }

    /** The task type, or null on an unvalidated entry with a missing or unknown type. */
    public TaskType type() {
        return TaskType.fromKey(get(TYPE));
    }

    /** The function reference ({@code "com.acme.Fns::inc"}), if any. */
    public Optional<String> fn() {
        return string(FN);
    }

    /** The plugin alias or class name, if any. */
    public Optional<String> plugin() {
        return string(PLUGIN);
    }

    /** The most segments read per batch. */
    public long batchSize() {
        return integer(BATCH_SIZE, 0);
    }

    /** How long to wait while filling a batch, in milliseconds (default 50). */
    public long batchTimeoutMs() {
        return integer(BATCH_TIMEOUT, DEFAULT_BATCH_TIMEOUT_MS);
    }

    /** True when {@code onyx/fn} receives the whole batch ({@code onyx/batch-fn?}). */
    public boolean batchFn() {
        return flag(BATCH_FN, false);
    }

    /** The fewest peers the task needs before the job starts: n-peers, else min-peers, else 1. */
    public long minPeers() {
        return has(N_PEERS) ? integer(N_PEERS, 1) : integer(MIN_PEERS, 1);
    }

    /** The most peers the task may use: n-peers, else max-peers, else unbounded ({@link Long#MAX_VALUE}). */
    public long maxPeers() {
        return has(N_PEERS) ? integer(N_PEERS, 1) : integer(MAX_PEERS, Long.MAX_VALUE);
    }

    /** The keys grouped on ({@code onyx/group-by-key}), empty when not grouped by key. */
    public List<String> groupByKey() {
        return strings(GROUP_BY_KEY);
    }

    /** The grouping function reference, if any. */
    public Optional<String> groupByFn() {
        return string(GROUP_BY_FN);
    }

    /** True when segments are routed by group ({@code group-by-key} or {@code group-by-fn}). */
    public boolean grouped() {
        return has(GROUP_BY_KEY) || has(GROUP_BY_FN);
    }

    /** The flux policy, or null when absent. */
    public FluxPolicy fluxPolicy() {
        return FluxPolicy.fromKey(get(FLUX_POLICY));
    }

    /** Tags a peer must all have to run this task. */
    public List<String> requiredTags() {
        return strings(REQUIRED_TAGS);
    }

    /** Keys of this task whose values are passed to {@code onyx/fn} before the segment. */
    public List<String> params() {
        return strings(PARAMS);
    }

    /** Starts a builder for a task of the given name and type. */
    public static Builder builder(final String name, final TaskType type) {
        return new Builder().with(NAME, name).with(TYPE, type.key());
    }

    /** An input task reading through the given plugin. */
    public static Builder input(final String name, final String plugin) {
        return builder(name, TaskType.INPUT).plugin(plugin);
    }

    /** A function task applying the given function. */
    public static Builder function(final String name, final String fn) {
        return builder(name, TaskType.FUNCTION).fn(fn);
    }

    /** An output task writing through the given plugin. */
    public static Builder output(final String name, final String plugin) {
        return builder(name, TaskType.OUTPUT).plugin(plugin);
    }

    /** Fluent builder; each setter writes the Onyx key of the same name. */
    public static final class Builder extends EntryBuilder<Builder, Task> {
        Builder() {
            super(Task::new);
        }

        public Builder fn(final String fn) {
            return with(FN, fn);
        }

        public Builder plugin(final String plugin) {
            return with(PLUGIN, plugin);
        }

        public Builder medium(final String medium) {
            return with(MEDIUM, medium);
        }

        public Builder batchSize(final long batchSize) {
            return with(BATCH_SIZE, batchSize);
        }

        public Builder batchTimeoutMs(final long batchTimeoutMs) {
            return with(BATCH_TIMEOUT, batchTimeoutMs);
        }

        public Builder batchFn(final boolean batchFn) {
            return with(BATCH_FN, batchFn);
        }

        public Builder minPeers(final long minPeers) {
            return with(MIN_PEERS, minPeers);
        }

        public Builder maxPeers(final long maxPeers) {
            return with(MAX_PEERS, maxPeers);
        }

        public Builder nPeers(final long nPeers) {
            return with(N_PEERS, nPeers);
        }

        public Builder percentage(final long percentage) {
            return with(PERCENTAGE, percentage);
        }

        /** Groups by one key (written as a string) or several (written as a list). */
        public Builder groupByKey(final String... keys) {
            return keys.length == 1 ? with(GROUP_BY_KEY, keys[0]) : withList(GROUP_BY_KEY, (Object[]) keys);
        }

        public Builder groupByFn(final String fn) {
            return with(GROUP_BY_FN, fn);
        }

        public Builder fluxPolicy(final FluxPolicy policy) {
            return with(FLUX_POLICY, policy.key());
        }

        public Builder requiredTags(final String... tags) {
            return withList(REQUIRED_TAGS, (Object[]) tags);
        }

        public Builder params(final String... keys) {
            return withList(PARAMS, (Object[]) keys);
        }

        public Builder assignWatermarkFn(final String fn) {
            return with(ASSIGN_WATERMARK_FN, fn);
        }

        public Builder maxSegmentsPerBarrier(final long max) {
            return with(MAX_SEGMENTS_PER_BARRIER, max);
        }

        @Override
        public Builder doc(final String doc) {
            return with(DOC, doc);
        }
    }
}
