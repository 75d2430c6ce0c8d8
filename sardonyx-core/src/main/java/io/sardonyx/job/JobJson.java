package io.sardonyx.job;

import io.sardonyx.codec.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON form of a {@link Job}. Reading checks structure only (the document is JSON, at most 1 MiB, an
 * object with known keys, sections are lists of maps, edges are pairs of names) and reports every such
 * mistake at once; {@link JobValidator} checks meaning.
 */
public final class JobJson {
    private JobJson() {
    }

    /**
     * A job document as read: the job when its structure allows building one, and every structural mistake.
     *
     * @param job    the job, or null when the document's structure is too broken to build one
     * @param errors structural mistakes; an unknown top-level key is reported here without stopping the build
     */
    public record Parsed(Job job, List<JobError> errors) {
        public Parsed {
            errors = List.copyOf(errors);
        }
    }

    /**
     * Reads a job.
     *
     * @param source where the text came from (a file name), used in error messages
     * @throws InvalidJobException naming every structural mistake
     */
    public static Job read(final String source, final String text) {
        final Parsed parsed = parse(text);
        if (!parsed.errors().isEmpty()) {
            throw new InvalidJobException(source, parsed.errors());
        }
        return parsed.job();
    }

    /** Reads a job without throwing: see {@link Parsed}. */
    public static Parsed parse(final String text) {
        final int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > JobLimits.MAX_DOCUMENT_BYTES) {
            return failed(new JobError("document", String.format(
                "is %.1f MiB (%d bytes); a job document may be at most 1 MiB (%d bytes). Keep data out of the job: "
                    + "read it through an input plugin", bytes / 1048576.0, bytes, JobLimits.MAX_DOCUMENT_BYTES)));
        }
        final Object document;
        try {
            document = JsonText.parse(text);
        } catch (final JsonText.SyntaxException e) {
            final String where = e.line() > 0 ? " (line " + e.line() + ", column " + e.column() + ")" : "";
            return failed(new JobError("document", "is not valid JSON" + where + ": " + e.getMessage()));
        }
        if (!(document instanceof Map<?, ?> top)) {
            return failed(new JobError("document", "must be a JSON object with \"workflow\" and \"catalog\" keys; "
                + "got " + JsonValues.describe(document)));
        }
        return new Reader(top).read();
    }

    private static Parsed failed(final JobError error) {
        return new Parsed(null, List.of(error));
    }

    /** Collects structural errors while building the job's parts. */
    private static final class Reader {
        private final Map<?, ?> top;
        private final List<JobError> errors = new ArrayList<>();

        Reader(final Map<?, ?> top) {
            this.top = top;
        }

        Parsed read() {
            final List<JobError> unknown = new ArrayList<>();
            for (final Object key : top.keySet()) {
                if (!Job.KEYS.contains(key)) {
                    unknown.add(new JobError("job key \"" + key + "\"", "is not a job key"
                        + Suggestions.didYouMean((String) key, Job.KEYS) + " (the job keys are " + String.join(", ",
                        Job.KEYS) + ")"));
                }
            }
            for (final String required : List.of(Job.WORKFLOW, Job.CATALOG)) {
                if (!top.containsKey(required)) {
                    errors.add(new JobError("job", "has no \"" + required + "\"; every job needs a "
                        + (Job.WORKFLOW.equals(required) ? "workflow: a list of [\"from\", \"to\"] task pairs"
                        : "catalog: a list of task maps")));
                }
            }
            final List<Edge> workflow = edges();
            final List<Task> catalog = entries(Job.CATALOG, "task", Task::new);
            final List<FlowCondition> flow = entries(Job.FLOW_CONDITIONS, "flow condition", FlowCondition::new);
            final List<Lifecycle> lifecycles = entries(Job.LIFECYCLES, "lifecycle", Lifecycle::new);
            final List<Window> windows = entries(Job.WINDOWS, "window", Window::new);
            final List<Trigger> triggers = entries(Job.TRIGGERS, "trigger", Trigger::new);
            final Map<String, Object> settings = new LinkedHashMap<>();
            for (final String key : Job.SETTINGS_KEYS) {
                if (top.containsKey(key)) {
                    settings.put(key, top.get(key));
                }
            }
            unknown.addAll(errors);
            if (!errors.isEmpty()) {
                return new Parsed(null, unknown);
            }
            return new Parsed(new Job(workflow, catalog, flow, lifecycles, windows, triggers, settings), unknown);
        }

        private List<Edge> edges() {
            final List<Edge> edges = new ArrayList<>();
            final Object raw = top.get(Job.WORKFLOW);
            if (raw == null) {
                return edges;
            }
            if (!(raw instanceof List<?> list)) {
                errors.add(new JobError("workflow", "must be a list of [\"from\", \"to\"] task pairs, such as "
                    + "[[\"in\", \"inc\"], [\"inc\", \"out\"]]; got " + JsonValues.describe(raw)));
                return edges;
            }
            for (int i = 0; i < list.size(); i++) {
                final Object edge = list.get(i);
                if (edge instanceof List<?> pair && pair.size() == 2 && JsonValues.isStringList(pair)) {
                    edges.add(new Edge((String) pair.get(0), (String) pair.get(1)));
                } else {
                    errors.add(new JobError("workflow[" + i + "]", "must be a pair of task names [\"from\", \"to\"];"
                        + " got " + (edge instanceof List<?> ? JsonText.write(edge) : JsonValues.describe(edge))));
                }
            }
            return edges;
        }

        private <E extends JobEntry> List<E> entries(final String section, final String what,
                                                     final Function<Map<String, Object>, E> constructor) {
            final List<E> entries = new ArrayList<>();
            final Object raw = top.get(section);
            if (raw == null) {
                return entries;
            }
            if (!(raw instanceof List<?> list)) {
                errors.add(new JobError(section, "must be a list of " + what + " maps; got "
                    + JsonValues.describe(raw)));
                return entries;
            }
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Map<?, ?> map) {
                    @SuppressWarnings("unchecked")
                    final Map<String, Object> attributes = (Map<String, Object>) map;
                    entries.add(constructor.apply(attributes));
                } else {
                    errors.add(new JobError(section + "[" + i + "]", "must be a " + what + " map ({\"key\": value, "
                        + "...}); got " + JsonValues.describe(list.get(i))));
                }
            }
            return entries;
        }
    }

    /** The job as an ordered JSON-like map: canonical key order, empty optional sections left out. */
    public static Map<String, Object> toJsonValue(final Job job) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put(Job.WORKFLOW, job.workflow().stream().map(Edge::toJson).toList());
        out.put(Job.CATALOG, attributes(job.catalog()));
        putUnlessEmpty(out, Job.FLOW_CONDITIONS, attributes(job.flowConditions()));
        putUnlessEmpty(out, Job.LIFECYCLES, attributes(job.lifecycles()));
        putUnlessEmpty(out, Job.WINDOWS, attributes(job.windows()));
        putUnlessEmpty(out, Job.TRIGGERS, attributes(job.triggers()));
        for (final String key : Job.SETTINGS_KEYS) {
            if (job.settings().containsKey(key)) {
                out.put(key, job.settings().get(key));
            }
        }
        return out;
    }

    /** The job as indented JSON text ending in a newline. */
    public static String write(final Job job) {
        return JsonText.write(toJsonValue(job)) + "\n";
    }

    private static List<Map<String, Object>> attributes(final List<? extends JobEntry> entries) {
        return entries.stream().map(JobEntry::attributes).toList();
    }

    private static void putUnlessEmpty(final Map<String, Object> out, final String key, final List<?> value) {
        if (!value.isEmpty()) {
            out.put(key, value);
        }
    }
}
