package io.sardonyx.job;

import static io.sardonyx.job.Findings.q;

import java.util.List;
import java.util.Map;

/** Lifecycles: each names a known task (or "all") and a class of calls. */
final class LifecycleChecks {
    private final Job job;
    private final Map<String, Task> tasks;
    private final FunctionChecker functions;
    private final Findings findings;

    LifecycleChecks(final Job job, final Map<String, Task> tasks, final FunctionChecker functions,
                    final Findings findings) {
        this.job = job;
        this.tasks = tasks;
        this.functions = functions;
        this.findings = findings;
    }

    void run() {
        for (int i = 0; i < job.lifecycles().size(); i++) {
            final Lifecycle lifecycle = job.lifecycles().get(i);
            final String task = lifecycle.task();
            final String subject = "lifecycles[" + i + "]" + (task == null ? "" : " (task " + q(task) + ")");
            final EntryCheck check = new EntryCheck(findings, subject, lifecycle, functions);
            check.knownKeys(InformationModel.Section.LIFECYCLES);
            check.requiredString(Lifecycle.TASK, "a task name or \"all\"")
                .filter(name -> !Lifecycle.ALL.equals(name) && !tasks.containsKey(name))
                .ifPresent(name -> check.unknownName(Lifecycle.TASK, name, "task", tasks.keySet()));
            check.requiredString(Lifecycle.CALLS, "a class implementing io.sardonyx.api.LifecycleCalls")
                .ifPresent(calls -> check.function(Lifecycle.CALLS, calls, FunctionKind.LIFECYCLE_CALLS, List.of()));
            check.string(Lifecycle.DOC, "a string");
        }
    }
}
