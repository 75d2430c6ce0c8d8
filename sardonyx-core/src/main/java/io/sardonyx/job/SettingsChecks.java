package io.sardonyx.job;

import static io.sardonyx.job.Findings.q;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The job-level keys: task scheduler, percentage, job name, metadata, job config, resume point. */
final class SettingsChecks {
    private static final Pattern UUID = Pattern.compile(
        "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final List<String> SCHEDULERS =
        Arrays.stream(TaskSchedulerKind.values()).map(TaskSchedulerKind::key).toList();

    private final Job job;
    private final Map<String, Task> tasks;
    private final Findings findings;

    SettingsChecks(final Job job, final Map<String, Task> tasks, final Findings findings) {
        this.job = job;
        this.tasks = tasks;
        this.findings = findings;
    }

    void run() {
        final Map<String, Object> settings = job.settings();
        if (settings.containsKey(Job.TASK_SCHEDULER)) {
            final Object scheduler = settings.get(Job.TASK_SCHEDULER);
            if (TaskSchedulerKind.fromKey(scheduler) == null) {
                findings.error(q(Job.TASK_SCHEDULER), "is " + JsonValues.describe(scheduler) + "; it must be one of "
                    + SCHEDULERS + (scheduler instanceof String s ? Suggestions.didYouMean(s, SCHEDULERS) : ""));
            }
        }
        if (settings.containsKey(Job.PERCENTAGE) && !(settings.get(Job.PERCENTAGE) instanceof Long p
            && p >= 1 && p <= 100)) {
            findings.error(q(Job.PERCENTAGE), "must be an integer from 1 to 100 (the job's share of the cluster under "
                + "the percentage job scheduler); got " + JsonValues.describe(settings.get(Job.PERCENTAGE)));
        }
        if (settings.containsKey(Job.JOB_NAME) && !(settings.get(Job.JOB_NAME) instanceof String s && !s.isBlank())) {
            findings.error(q(Job.JOB_NAME), "must be a non-empty string; got "
                + JsonValues.describe(settings.get(Job.JOB_NAME)));
        }
        if (requireMap(Job.METADATA)) {
            final Object jobId = job.metadata().get("job-id");
            if (job.metadata().containsKey("job-id") && !(jobId instanceof String s && UUID.matcher(s).matches())) {
                findings.error(q(Job.METADATA), "\"job-id\" must be a UUID string such as "
                    + "\"6a1f0e3c-2f4b-4d5e-9a7b-1c2d3e4f5a6b\"; got " + JsonValues.describe(jobId));
            }
        }
        if (requireMap(Job.JOB_CONFIG)) {
            jobConfig();
        }
        if (requireMap(Job.RESUME_POINT)) {
            for (final Map.Entry<String, Object> entry : job.resumePoint().entrySet()) {
                final String task = entry.getKey();
                if (!tasks.containsKey(task)) {
                    findings.error(q(Job.RESUME_POINT), "names task " + q(task) + ", which is not in the job"
                        + Suggestions.didYouMean(task, tasks.keySet()));
                }
                if (!(entry.getValue() instanceof Map<?, ?> source) || !(source.get("job-id") instanceof String)
                    || source.containsKey("task") && !(source.get("task") instanceof String)) {
                    findings.error(q(Job.RESUME_POINT), "task " + q(task) + " must map to {\"job-id\": \"<an "
                        + "earlier job>\"} and optionally \"task\" (its task whose state to take, by default the same "
                        + "name); got " + JsonValues.describe(entry.getValue()));
                } else if (!UUID.matcher((String) source.get("job-id")).matches()) {
                    findings.error(q(Job.RESUME_POINT), "task " + q(task) + ": \"job-id\" must be the id of an "
                        + "earlier job, a UUID such as \"6a1f0e3c-2f4b-4d5e-9a7b-1c2d3e4f5a6b\" (sardonyx jobs lists "
                        + "them); got " + JsonValues.describe(source.get("job-id")));
                }
            }
        }
    }

    private boolean requireMap(final String key) {
        if (!job.settings().containsKey(key)) {
            return false;
        }
        if (!(job.settings().get(key) instanceof Map<?, ?>)) {
            findings.error(q(key), "must be a map; got " + JsonValues.describe(job.settings().get(key)));
            return false;
        }
        return true;
    }

    private void jobConfig() {
        for (final Map.Entry<String, Object> entry : job.jobConfig().entrySet()) {
            final String key = entry.getKey();
            if (!InformationModel.JOB_CONFIG_KEYS.containsKey(key)) {
                findings.error(q(Job.JOB_CONFIG), q(key) + " is not a setting a job may override"
                    + Suggestions.didYouMean(key, InformationModel.JOB_CONFIG_KEYS.keySet()) + "; those are "
                    + InformationModel.JOB_CONFIG_KEYS.keySet());
            } else if (Job.STATE_STORE_IMPL.equals(key)) {
                if (!Job.STATE_STORES.contains(entry.getValue())) {
                    findings.error(q(Job.JOB_CONFIG), q(key) + " must be one of " + Job.STATE_STORES + "; got "
                        + JsonValues.describe(entry.getValue()));
                }
            } else if (Fusion.JOB_CONFIG_KEY.equals(key)) {
                if (!(entry.getValue() instanceof Boolean)) {
                    findings.error(q(Job.JOB_CONFIG), q(key) + " must be true or false; got "
                        + JsonValues.describe(entry.getValue()));
                }
            } else if (KeyGroups.JOB_CONFIG_KEY.equals(key)) {
                if (!(entry.getValue() instanceof Long n && n > 0 && n <= KeyGroups.MAX)) {
                    findings.error(q(Job.JOB_CONFIG), q(key) + " must be an integer from 1 to " + KeyGroups.MAX
                        + "; got " + JsonValues.describe(entry.getValue()));
                }
            } else if (!(entry.getValue() instanceof Long n && n > 0)) {
                findings.error(q(Job.JOB_CONFIG), q(key) + " must be a positive integer; got "
                    + JsonValues.describe(entry.getValue()));
            }
        }
    }
}
