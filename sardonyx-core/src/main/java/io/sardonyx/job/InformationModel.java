package io.sardonyx.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every key a job may hold, by section, with what it means and its default: the reference the validator checks
 * against (unknown keys, "did you mean") and {@code sardonyx keys} prints.
 */
public final class InformationModel {
    /** The sections of a job whose entries are maps of namespaced keys. */
    public enum Section {
        CATALOG("onyx/", "catalog", Catalog.KEYS, Catalog.DEPRECATED),
        FLOW_CONDITIONS("flow/", "flow condition", Flow.KEYS, Map.of()),
        LIFECYCLES("lifecycle/", "lifecycle", Lifecycles.KEYS, Map.of()),
        WINDOWS("window/", "window", Windows.KEYS, Map.of()),
        TRIGGERS("trigger/", "trigger", Triggers.KEYS, Map.of());

        private final String namespace;
        private final String what;
        private final Map<String, String> keys;
        private final Map<String, String> deprecated;

        Section(final String namespace, final String what, final Map<String, String> keys,
                final Map<String, String> deprecated) {
            this.namespace = namespace;
            this.what = what;
            this.keys = keys;
            this.deprecated = deprecated;
        }

        /** The key prefix the section owns, e.g. {@code "onyx/"}. */
        public String namespace() {
            return namespace;
        }

        /** What one entry is called in messages. */
        public String what() {
            return what;
        }

        /** Known keys and what each means, in documentation order. */
        public Map<String, String> keys() {
            return keys;
        }

        /** Keys Onyx had that no longer do anything, and why. */
        public Map<String, String> deprecated() {
            return deprecated;
        }
    }

    /** Per-job overrides of peer settings ({@code "job-config"}). */
    public static final Map<String, String> JOB_CONFIG_KEYS = ordered(
        Job.STATE_STORE_IMPL, "Where the job's window state lives: \"memory\" (default) or \"rocksdb\".",
        "onyx.peer/coordinator-barrier-period-ms", "How often the job's coordinator starts a barrier snapshot, in "
            + "milliseconds. Default: the peer setting (1000).",
        KeyGroups.JOB_CONFIG_KEY, "How many key groups the job's state is split into: its most peers per "
            + "task, and the unit in which grouped and window state and the file and seq inputs' offsets move when a "
            + "task's peer count changes. Default " + KeyGroups.DEFAULT + ", at most " + KeyGroups.MAX + "; a resume "
            + "point must come from a job with as many.",
        Fusion.JOB_CONFIG_KEY, "false runs every task on peers of its own. Default true: a function task whose "
            + "only upstream task has it as its only downstream runs inside that task's peers (see onyx/fuse?).");

    private InformationModel() {
    }

    private static Map<String, String> ordered(final String... keyThenDoc) {
        final Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyThenDoc.length; i += 2) {
            map.put(keyThenDoc[i], keyThenDoc[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    private static final class Catalog {
        static final Map<String, String> KEYS = ordered(
            Task.NAME, "Required. The task's name, as used in the workflow. Not \"all\" or \"none\".",
            Task.TYPE, "Required. \"input\", \"function\", \"output\" or \"reduce\".",
            Task.BATCH_SIZE, "Required. The most segments read per batch; a positive integer.",
            Task.BATCH_TIMEOUT, "Input tasks: the longest a partial batch waits while its input keeps giving (a "
                + "batch goes as soon as it is full or the input has nothing more for now). Default 50.",
            Task.FN, "The function: \"com.acme.Fns::method\" (public static) or a SegmentFunction class. Required "
                + "for function tasks; optional elsewhere.",
            Task.PLUGIN, "Input and output tasks: a built-in (seq, collect, queue, file) or a plugin class.",
            Task.MEDIUM, "Descriptive: what the plugin talks to (\"kafka\", \"file\"…). No effect.",
            Task.PARAMS, "Keys of this task whose values are passed to onyx/fn before the segment.",
            Task.BATCH_FN, "true: onyx/fn receives the whole batch and returns one result per segment. Default "
                + "false.",
            Task.MIN_PEERS, "Peers the task needs before the job starts. Default 1.",
            Task.MAX_PEERS, "Most peers the task may use. Default unbounded.",
            Task.N_PEERS, "Exactly this many peers: sets min and max together. Excludes min/max-peers.",
            Task.PERCENTAGE, "Share of the job's peers (1-99) under the percentage task scheduler.",
            Task.GROUP_BY_KEY, "Key, or list of keys, whose values route a segment: one group always goes to the "
                + "same peer. Needs onyx/flux-policy.",
            Task.GROUP_BY_FN, "Function (\"com.acme.Fns::group\") returning a segment's group. Excludes "
                + "group-by-key.",
            Task.FLUX_POLICY, "Grouped tasks: what to do when a peer is lost: \"kill\", \"continue\" or "
                + "\"recover\".",
            Task.REQUIRED_TAGS, "Tags a peer must all have to run this task. Default none.",
            Task.ASSIGN_WATERMARK_FN, "Input tasks: function returning a segment's event time (epoch ms).",
            Task.MAX_SEGMENTS_PER_BARRIER, "Input tasks: most segments read between two barriers.",
            Task.STATE_STORE, "Windowed tasks: where window state lives, \"memory\" (default) or \"rocksdb\" "
                + "(local disk, for state larger than the heap). Overrides the job's onyx.peer/state-store-impl.",
            Fusion.TASK_KEY, "false keeps this task on peers of its own. Default true: a function task with the "
                + "same peer bounds as its only upstream task, and not grouped, windowed, under lifecycles or "
                + "flow conditions, runs inside that task's peers without a hop.",
            Task.LANGUAGE, "\"java\" (the default and only language).",
            Task.DOC, "Free text.");
        static final Map<String, String> DEPRECATED = Map.of(
            "onyx/bulk?", "replaced by onyx/batch-fn? (Onyx 0.9.11)",
            Task.UNIQUENESS_KEY, "exactly-once comes from barrier snapshots, not de-duplication keys",
            "onyx/deduplicate?", "exactly-once comes from barrier snapshots, not de-duplication",
            "onyx/max-pending", "back pressure comes from the transport, not a pending count",
            "onyx/pending-timeout", "segments are not acknowledged one by one; recovery replays from a checkpoint",
            "onyx/input-retry-timeout", "segments are not retried one by one; recovery replays from a checkpoint");
    }

    private static final class Flow {
        static final Map<String, String> KEYS = ordered(
            FlowCondition.FROM, "Required. The task whose output is routed, or \"all\".",
            FlowCondition.TO, "Required. A list of downstream tasks, \"all\" or \"none\".",
            FlowCondition.PREDICATE, "Required. \"com.acme.Preds::p\", [\"com.acme.Preds::p\", \"param-key\"…], or "
                + "[\"and\"|\"or\", p, q…] / [\"not\", p].",
            FlowCondition.SHORT_CIRCUIT, "true: stop at this condition when it matches. Default false. Must come "
                + "before the task's other conditions.",
            FlowCondition.EXCLUDE_KEYS, "Keys removed from the segment after routing.",
            FlowCondition.THROWN_EXCEPTION, "true: applies only when onyx/fn threw; the predicate gets the "
                + "exception. Needs short-circuit.",
            FlowCondition.POST_TRANSFORM, "With thrown-exception: function (segment, exception) → the segment to "
                + "send instead.",
            FlowCondition.PREDICATE_ERRORS_TO, "Where to send a segment whose predicate threw: tasks, \"all\" or "
                + "\"none\".",
            FlowCondition.ACTION, "\"retry\" (accepted for Onyx compatibility; has no effect with barrier "
                + "snapshots).",
            FlowCondition.DOC, "Free text.");
    }

    private static final class Lifecycles {
        static final Map<String, String> KEYS = ordered(
            Lifecycle.TASK, "Required. The task, or \"all\".",
            Lifecycle.CALLS, "Required. A class implementing io.sardonyx.api.LifecycleCalls.",
            Lifecycle.DOC, "Free text.");
    }

    private static final class Windows {
        static final Map<String, String> KEYS = ordered(
            Window.ID, "Required. The window's name, unique in the job.",
            Window.TASK, "Required. The task whose input is windowed.",
            Window.TYPE, "Required. \"fixed\", \"sliding\", \"global\" or \"session\".",
            Window.AGGREGATION, "Required. \"onyx.windowing.aggregation/count\" (or \"count\"), conj, "
                + "[\"…/sum\", \"key\"], min, max, average, collect-by-key, or a class.",
            Window.WINDOW_KEY, "The segment key holding event time (epoch ms). Required but for global windows.",
            Window.RANGE, "Fixed and sliding: [n, \"unit\"], unit milliseconds…days or elements.",
            Window.SLIDE, "Sliding: [n, \"unit\"], at most the range.",
            Window.TIMEOUT_GAP, "Session: the idle gap that closes a session, [n, \"unit\"].",
            Window.INIT, "Initial value for aggregations without one (required for min and max).",
            Window.MIN_VALUE, "Lowest window-key value; extents are counted from it. Default 0.",
            Window.LATE_SEGMENTS, "A segment whose extents the watermark has passed: \"update\" them anyway "
                + "(default), \"drop\" it, or \"emit\" it downstream as {\"window/id\", \"late-segment\"}. "
                + "Counted either way.",
            Window.DOC, "Free text.");
    }

    private static final class Triggers {
        static final Map<String, String> KEYS = ordered(
            Trigger.ID, "Required. The trigger's name, unique for its window.",
            Trigger.WINDOW_ID, "Required. The window it fires.",
            Trigger.ON, "Required. \"onyx.triggers/segment\" (or \"segment\"), timer, punctuation, watermark, "
                + "percentile-watermark, or a class.",
            Trigger.THRESHOLD, "Segment triggers: [n, \"elements\"].",
            Trigger.PERIOD, "Timer triggers: [n, \"unit\"] of processing time.",
            Trigger.PRED, "Punctuation triggers: function (segment) → boolean.",
            Trigger.DELAY, "Watermark triggers: extra wait past the extent's end, [n, \"unit\"].",
            Trigger.WATERMARK_PERCENTAGE, "Percentile-watermark triggers: fraction of the extent, above 0 and at "
                + "most 1.",
            Trigger.SYNC, "Function (firing, state) called for each fired extent.",
            Trigger.EMIT, "Function (firing, state) returning segments sent downstream.",
            Trigger.POST_EVICTOR, "[\"all\"]: discard the extent after firing; [\"none\"] (default) keeps it.",
            Trigger.FIRE_ALL_EXTENTS, "true: a segment fires every extent, not just those it touched. Default "
                + "false.",
            Trigger.DOC, "Free text.");
    }

    /** All sections, for listing. */
    public static List<Section> sections() {
        return List.of(Section.values());
    }
}
