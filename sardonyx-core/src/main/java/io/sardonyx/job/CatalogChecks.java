package io.sardonyx.job;

import static io.sardonyx.job.Findings.q;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Each catalog entry on its own: names, types, batching, peers, functions, plugins, grouping. */
final class CatalogChecks {
    private final Job job;
    private final WorkflowGraph graph;
    private final FunctionChecker functions;
    private final Findings findings;

    CatalogChecks(final Job job, final WorkflowGraph graph, final FunctionChecker functions, final Findings findings) {
        this.job = job;
        this.graph = graph;
        this.functions = functions;
        this.findings = findings;
    }

    /** Checks every entry and returns the tasks by name (the first of any duplicates). */
    Map<String, Task> run() {
        final Map<String, Task> byName = new LinkedHashMap<>();
        final Map<String, List<Integer>> positions = new LinkedHashMap<>();
        for (int i = 0; i < job.catalog().size(); i++) {
            final Task task = job.catalog().get(i);
            final String name = task.name();
            final String subject = name == null ? "catalog[" + i + "]" : "task " + q(name);
            final EntryCheck check = new EntryCheck(findings, subject, task, functions);
            final Optional<String> valid = check.requiredName(Task.NAME, "task");
            if (valid.isPresent() && (FlowCondition.ALL.equals(name) || FlowCondition.NONE.equals(name))) {
                check.error(q(Task.NAME) + " may not be " + q(name) + ", which flow conditions and lifecycles use "
                    + "to mean a set of tasks");
            }
            if (name != null) {
                byName.putIfAbsent(name, task);
                positions.computeIfAbsent(name, k -> new ArrayList<>()).add(i);
            }
            checkTask(task, check);
        }
        positions.forEach((name, at) -> {
            if (at.size() > 1) {
                findings.error("task " + q(name), "is defined " + at.size() + " times in the catalog (entries "
                    + at + "); task names must be unique");
            }
        });
        percentages(byName);
        return byName;
    }

    private void checkTask(final Task task, final EntryCheck check) {
        check.knownKeys(InformationModel.Section.CATALOG);
        final TaskType type = type(task, check);
        check.integer(Task.BATCH_SIZE, 1, "the most segments read per batch");
        if (!task.has(Task.BATCH_SIZE)) {
            check.error(q(Task.BATCH_SIZE) + " is missing; it must be a positive integer, the most segments read per "
                + "batch (20 is a good start)");
        }
        check.integer(Task.BATCH_TIMEOUT, 1, "milliseconds to wait while filling a batch");
        check.bool(Task.BATCH_FN);
        check.bool(Fusion.TASK_KEY);
        check.string(Task.MEDIUM, "a string naming what the plugin talks to");
        check.string(Task.DOC, "a string");
        check.string(Task.LANGUAGE, "\"java\"").filter(language -> !Task.JAVA.equals(language)).ifPresent(
            language -> check.error(q(Task.LANGUAGE) + " is " + q(language) + "; Sardonyx runs \"java\" functions "
                + "(leave the key out)"));
        check.stringList(Task.REQUIRED_TAGS, "tags a peer must have");
        peers(task, check);
        function(task, type, check);
        plugin(task, type, check);
        grouping(task, check);
        if (type != null && type != TaskType.INPUT) {
            check.notAllowed(Task.ASSIGN_WATERMARK_FN, "applies to input tasks only");
            check.notAllowed(Task.MAX_SEGMENTS_PER_BARRIER, "applies to input tasks only");
        }
        check.function(Task.ASSIGN_WATERMARK_FN, FunctionKind.WATERMARK_FN, List.of());
        check.integer(Task.MAX_SEGMENTS_PER_BARRIER, 1, "the most segments read between two barriers");
        final Object store = task.get(Task.STATE_STORE);
        if (store != null && !Job.STATE_STORES.contains(store)) {
            check.error(q(Task.STATE_STORE) + " must be one of " + Job.STATE_STORES + "; got "
                + JsonValues.describe(store));
        }
    }

    private TaskType type(final Task task, final EntryCheck check) {
        final List<String> types = java.util.Arrays.stream(TaskType.values()).map(TaskType::key).toList();
        final Optional<String> raw = check.requiredString(Task.TYPE, "one of " + types);
        if (raw.isPresent() && task.type() == null) {
            check.error(q(Task.TYPE) + " is " + q(raw.get()) + "; it must be one of " + types
                + Suggestions.didYouMean(raw.get(), types));
        }
        return task.type();
    }

    private void peers(final Task task, final EntryCheck check) {
        check.integer(Task.N_PEERS, 1, "exactly this many peers");
        final Optional<Long> min = check.integer(Task.MIN_PEERS, 1, "peers needed before the job starts");
        final Optional<Long> max = check.integer(Task.MAX_PEERS, 1, "most peers the task may use");
        if (task.has(Task.N_PEERS) && (task.has(Task.MIN_PEERS) || task.has(Task.MAX_PEERS))) {
            check.error(q(Task.N_PEERS) + " sets min-peers and max-peers together; remove "
                + (task.has(Task.MIN_PEERS) ? q(Task.MIN_PEERS) : "") + (task.has(Task.MIN_PEERS)
                && task.has(Task.MAX_PEERS) ? " and " : "") + (task.has(Task.MAX_PEERS) ? q(Task.MAX_PEERS) : "")
                + " or " + q(Task.N_PEERS));
        }
        if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
            check.error(q(Task.MIN_PEERS) + " (" + min.get() + ") is greater than " + q(Task.MAX_PEERS) + " ("
                + max.get() + ")");
        }
        if (task.minPeers() > job.keyGroups()) {
            check.error("needs at least " + task.minPeers() + " peers, more than the job's " + job.keyGroups()
                + " key groups (" + q(KeyGroups.JOB_CONFIG_KEY) + " in " + q(Job.JOB_CONFIG) + "), the most peers a "
                + "task can use; raise it or lower the peer count");
        }
        check.integer(Task.PERCENTAGE, 1, "share of the job's peers").filter(p -> p > 99).ifPresent(
            p -> check.error(q(Task.PERCENTAGE) + " must be between 1 and 99; got " + p));
    }

    private void function(final Task task, final TaskType type, final EntryCheck check) {
        final Optional<List<String>> params = check.stringList(Task.PARAMS, "keys of this task passed to onyx/fn");
        final List<String> paramKeys = params.orElse(List.of());
        for (final String key : paramKeys) {
            if (!task.has(key)) {
                check.error(q(Task.PARAMS) + " names " + q(key) + " but the task has no such key; add " + q(key)
                    + " to the task with the value to pass");
            }
        }
        if (type == TaskType.FUNCTION && !task.has(Task.FN)) {
            check.error(q(Task.FN) + " is missing; a function task needs one, such as \"com.acme.Fns::inc\"");
        }
        final FunctionKind kind = task.has(Task.BATCH_FN) && Boolean.TRUE.equals(task.get(Task.BATCH_FN))
            ? FunctionKind.BATCH_FN : FunctionKind.TASK_FN;
        final boolean paramsUsable = params.isPresent() || !task.has(Task.PARAMS);
        if (paramsUsable && paramKeys.stream().allMatch(task::has)) {
            // Only with usable parameters: a bad onyx/params is reported once, not again as a bad signature.
            final List<Object> values = new java.util.ArrayList<>(check.valuesOf(paramKeys));
            if (job.lifecycles().stream().anyMatch(l -> "all".equals(l.task()) || task.name().equals(l.task()))) {
                values.add(FunctionChecker.LIFECYCLE_PARAMS);
            }
            check.function(Task.FN, kind, values);
        }
    }

    private static final String SEQ_ELEMENTS = "seq/elements";
    private static final String SEQ_SUPPLIER = "seq/supplier";

    private void plugin(final Task task, final TaskType type, final EntryCheck check) {
        final Optional<String> plugin = check.string(Task.PLUGIN, "a built-in plugin " + PluginAlias.keys()
            + " or a plugin class name");
        if (type == TaskType.INPUT || type == TaskType.OUTPUT) {
            if (!task.has(Task.PLUGIN)) {
                check.error(q(Task.PLUGIN) + " is missing; an " + type.key() + " task needs a plugin: one of "
                    + PluginAlias.keys() + " or a plugin class name");
            }
        } else if (task.has(Task.PLUGIN)) {
            check.error(q(Task.PLUGIN) + " applies to input and output tasks only; this is a "
                + (type == null ? "task of unknown type" : type.key() + " task"));
            return;
        }
        if (plugin.isEmpty()) {
            return;
        }
        final PluginAlias alias = PluginAlias.fromKey(plugin.get());
        final Optional<PluginDescriptor> module = alias != null || plugin.get().contains(".") ? Optional.empty()
            : check.plugin(plugin.get());
        if (module.isPresent()) {
            module(task, type, module.get(), check);
            return;
        }
        if (alias == null) {
            if (FunctionRef.parse(plugin.get()).filter(ref -> ref.method() == null && ref.className().contains("."))
                .isEmpty()) {
                check.error(q(Task.PLUGIN) + " " + q(plugin.get()) + " is neither a built-in plugin "
                    + PluginAlias.keys() + " nor a class name"
                    + Suggestions.didYouMean(plugin.get(), PluginAlias.keys()));
            } else {
                check.function(Task.PLUGIN, plugin.get(), FunctionKind.PLUGIN_CLASS, List.of());
                if (check.fixedPeerCount(plugin.get()) && !fixedPeerCount(task)) {
                    check.error(q(Task.PLUGIN) + " " + q(plugin.get()) + " implements io.sardonyx.api.FixedPeerCount: "
                        + "its state cannot move between peers, so the task needs a fixed peer count; set "
                        + q(Task.N_PEERS) + ", or " + q(Task.MIN_PEERS) + " equal to " + q(Task.MAX_PEERS));
                }
            }
            return;
        }
        if (type == TaskType.INPUT && !alias.input() || type == TaskType.OUTPUT && !alias.output()) {
            check.error(q(Task.PLUGIN) + " " + q(alias.key()) + " is an " + (alias.input() ? "input" : "output")
                + " plugin; it cannot serve an " + type.key() + " task");
        }
        for (final String key : alias.requiredKeys()) {
            check.requiredString(key, "set for the " + q(alias.key()) + " plugin, e.g. "
                + (alias == PluginAlias.FILE ? "\"data/in.jsonl\"" : "\"events\""));
        }
        if (alias == PluginAlias.SEQ) {
            seq(task, check);
        }
        if (alias == PluginAlias.FILE && task.has(PluginAlias.FILE_MODE)
            && (type != TaskType.OUTPUT || !PluginAlias.FILE_MODES.contains(task.get(PluginAlias.FILE_MODE)))) {
            check.error(q(PluginAlias.FILE_MODE) + (type != TaskType.OUTPUT ? " applies to file outputs only"
                : " must be one of " + PluginAlias.FILE_MODES + "; got "
                + JsonValues.describe(task.get(PluginAlias.FILE_MODE))));
        }
    }

    /** A plugin of a module of its own: its role, its namespace's keys, and its own checks. */
    private static void module(final Task task, final TaskType type, final PluginDescriptor plugin,
                               final EntryCheck check) {
        if (type == TaskType.INPUT && !plugin.input() || type == TaskType.OUTPUT && !plugin.output()) {
            check.error(q(Task.PLUGIN) + " " + q(plugin.name()) + " cannot serve an " + type.key() + " task");
            return;
        }
        for (final String key : task.attributes().keySet()) {
            if (key.startsWith(plugin.namespace()) && !plugin.keys().containsKey(key)) {
                check.error(q(key) + " is not a key of the " + q(plugin.name()) + " plugin"
                    + Suggestions.didYouMean(key, plugin.keys().keySet()) + " (sardonyx keys " + plugin.name()
                    + " lists them)");
            }
        }
        plugin.functionKeys().forEach((key, kind) -> {
            if (task.get(key) instanceof String reference && reference.contains("::")) {
                check.function(key, reference, kind, List.of());
            }
        });
        plugin.check(task, type).forEach(check::error);
    }

    private void seq(final Task task, final EntryCheck check) {
        final boolean elements = task.has(SEQ_ELEMENTS);
        if (elements == task.has(SEQ_SUPPLIER)) {
            check.error("the \"seq\" plugin needs exactly one of " + q(SEQ_ELEMENTS) + " (a list of segments) and "
                + q(SEQ_SUPPLIER) + " (a static method returning them)");
            return;
        }
        if (elements) {
            final Object list = task.get(SEQ_ELEMENTS);
            if (!(list instanceof List<?> items) || !items.stream().allMatch(item -> item instanceof java.util.Map)) {
                check.error(q(SEQ_ELEMENTS) + " must be a list of segments (JSON objects); got "
                    + JsonValues.describe(list));
            }
        } else {
            check.function(SEQ_SUPPLIER, FunctionKind.SEQ_SUPPLIER, List.of());
        }
    }

    private void grouping(final Task task, final EntryCheck check) {
        final boolean byKey = task.has(Task.GROUP_BY_KEY);
        final boolean byFn = task.has(Task.GROUP_BY_FN);
        if (byKey) {
            final Object keys = task.get(Task.GROUP_BY_KEY);
            final boolean ok = keys instanceof String s && !s.isEmpty()
                || JsonValues.isStringList(keys) && !((List<?>) keys).isEmpty();
            if (!ok) {
                check.error(q(Task.GROUP_BY_KEY) + " must be a segment key or a non-empty list of keys; got "
                    + JsonValues.describe(keys));
            }
        }
        check.function(Task.GROUP_BY_FN, FunctionKind.GROUP_BY_FN, List.of());
        if (byKey && byFn) {
            check.error(q(Task.GROUP_BY_KEY) + " and " + q(Task.GROUP_BY_FN) + " cannot both be set; group by keys "
                + "or by a function");
        }
        final String name = task.name();
        if ((byKey || byFn) && name != null && graph.nodes().contains(name) && graph.ingress(name).isEmpty()) {
            check.error(q(byKey ? Task.GROUP_BY_KEY : Task.GROUP_BY_FN) + " routes the segments a task receives from "
                + "upstream, but " + q(name) + " has no upstream task; group on a task downstream of it");
        }
        final Optional<String> raw = check.string(Task.FLUX_POLICY, "\"kill\", \"continue\" or \"recover\"");
        final FluxPolicy policy = task.fluxPolicy();
        if (raw.isPresent() && policy == null) {
            check.error(q(Task.FLUX_POLICY) + " is " + q(raw.get()) + "; it must be \"kill\", \"continue\" or "
                + "\"recover\"");
        }
        if (!byKey && !byFn) {
            if (task.has(Task.FLUX_POLICY)) {
                check.warning(q(Task.FLUX_POLICY) + " has no effect on a task that is not grouped");
            }
            return;
        }
        if (!task.has(Task.FLUX_POLICY)) {
            check.error(q(Task.FLUX_POLICY) + " is missing; a grouped task must say what happens when it loses a "
                + "peer: \"kill\", \"continue\" or \"recover\"");
        } else if (policy == FluxPolicy.KILL && !task.has(Task.MIN_PEERS) && !task.has(Task.N_PEERS)) {
            check.error(q(Task.FLUX_POLICY) + " \"kill\" needs " + q(Task.MIN_PEERS) + " or " + q(Task.N_PEERS)
                + ", so the job knows when it has lost a peer");
        }
    }

    /** True when the task's peer count cannot change: n-peers, or min-peers equal to max-peers. */
    private static boolean fixedPeerCount(final Task task) {
        return task.has(Task.N_PEERS) || task.has(Task.MIN_PEERS) && task.get(Task.MIN_PEERS).equals(
            task.get(Task.MAX_PEERS));
    }

    private void percentages(final Map<String, Task> byName) {
        if (job.taskScheduler() != TaskSchedulerKind.PERCENTAGE) {
            return;
        }
        long total = 0;
        for (final Task task : byName.values()) {
            if (!(task.get(Task.PERCENTAGE) instanceof Long p)) {
                findings.error("task " + q(task.name()), q(Task.PERCENTAGE) + " is missing; the percentage task "
                    + "scheduler needs a share (1-99) for every task");
            } else {
                total += p;
            }
        }
        if (total > 100) {
            findings.error("catalog", "the tasks' " + q(Task.PERCENTAGE) + " values add up to " + total
                + "; under the percentage task scheduler they may add up to at most 100");
        }
    }
}
