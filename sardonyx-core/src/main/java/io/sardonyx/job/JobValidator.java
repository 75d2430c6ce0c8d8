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
        return findings.report();
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
