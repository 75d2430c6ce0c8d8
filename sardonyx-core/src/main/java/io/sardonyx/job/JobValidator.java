package io.sardonyx.job;

import java.util.Map;

/**
 * Checks a job's meaning before it is submitted, collecting every independent mistake with its culprit (task,
 * key, edge, window…) and what would be right. Pure but for the {@link FunctionChecker} it is given.
 * Thread-safe: it holds no state between calls.
 */
public final class JobValidator {
    private final FunctionChecker functions;

    /**
     * @param functions how references to user code are checked, e.g. a {@link ClassPathFunctionChecker}
     */
    public JobValidator(final FunctionChecker functions) {
        this.functions = functions;
    }

    /** Validates a job; never throws for a bad job, only reports. */
    public ValidationReport validate(final Job job) {
        final Findings findings = new Findings();
        final WorkflowGraph graph = WorkflowGraph.of(job.workflow());
        final Map<String, Task> tasks = new CatalogChecks(job, graph, functions, findings).run();
        new WorkflowChecks(job, graph, tasks, findings).run();
        new FlowConditionChecks(job, graph, tasks, functions, findings).run();
        new LifecycleChecks(job, tasks, functions, findings).run();
        final Map<String, Window> windows = new WindowChecks(job, tasks, functions, findings).run();
        new TriggerChecks(job, graph, windows, functions, findings).run();
        new SettingsChecks(job, tasks, findings).run();
        if (findings.report().errors().isEmpty()) {
            storedSize(job, findings);
        }
        return findings.report();
    }

    /**
     * The job as it is stored (its chains fused, as JSON inside the stored record) must fit the one ZooKeeper node it
     * is kept in; a job over that would pass here and then fail at submit, as a lost connection.
     */
    private static void storedSize(final Job job, final Findings findings) {
        final String definition = Fusion.fuse(job).toJson();
        // Stored as a JSON string: quotes and backslashes double, line breaks become two characters.
        long bytes = definition.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        for (int i = 0; i < definition.length(); i++) {
            final char c = definition.charAt(i);
            if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t') {
                bytes++;
            }
        }
        if (bytes > JobLimits.MAX_STORED_BYTES) {
            findings.error("job", String.format(java.util.Locale.ROOT, "as stored the job takes %,d bytes, over the "
                + "%,d that fit in one ZooKeeper node; keep large data out of the job (read it through an input "
                + "plugin, or pass a file name)", bytes, JobLimits.MAX_STORED_BYTES));
        }
    }

    /**
     * Validates a parsed document: its structural errors, then, when a job could be built, its meaning.
     */
    public ValidationReport validate(final JobJson.Parsed parsed) {
        if (parsed.job() == null) {
            return new ValidationReport(parsed.errors(), java.util.List.of());
        }
        final ValidationReport report = validate(parsed.job());
        final java.util.List<JobError> errors = new java.util.ArrayList<>(parsed.errors());
        errors.addAll(report.errors());
        return new ValidationReport(errors, report.warnings());
    }

    /**
     * Reads and validates a job document.
     *
     * @param source the document's name (a file name), prefixed to every error
     * @throws InvalidJobException listing every mistake when the job is malformed or invalid
     */
    public Job read(final String source, final String text) {
        final JobJson.Parsed parsed = JobJson.parse(text);
        validate(parsed).throwIfInvalid(source);
        return parsed.job();
    }
}
