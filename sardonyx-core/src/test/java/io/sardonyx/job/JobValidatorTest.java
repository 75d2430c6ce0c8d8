package io.sardonyx.job;

import io.sardonyx.codec.JsonText;
import static io.sardonyx.job.TestJobs.FNS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobValidatorTest {
    private final JobValidator validator = new JobValidator(
        new ClassPathFunctionChecker(JobValidatorTest.class.getClassLoader(), PackagePolicy.ANY));

    private List<String> errors(final Job job) {
        return validator.validate(job).errors().stream().map(JobError::toString).toList();
    }

    /** Asserts the job has exactly one error and that it contains every fragment. */
    private void assertOnlyError(final Job job, final String... fragments) {
        final List<String> errors = errors(job);
        assertThat(errors).as("errors of the job").hasSize(1);
        assertThat(errors.get(0)).contains(fragments);
    }

    private List<String> documentErrors(final String json) {
        return validator.validate(JobJson.parse(json)).errors().stream().map(JobError::toString).toList();
    }

    @Test
    void aJobTooLargeForItsZooKeeperNodeIsRefusedAtValidationNotAtSubmit() {
        // Under the 1 MiB document limit as text, but its quotes are escaped where it is stored: over one node.
        final List<Map<String, Object>> quoted = new java.util.ArrayList<>();
        for (int i = 0; i < 8_000; i++) {
            quoted.add(Map.of("q", "\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\""));
        }
        final Job big = Job.builder().chain("in", "out")
            .task(Task.input("in", "seq").batchSize(10).with("seq/elements", quoted))
            .task(Task.output("out", "collect").batchSize(10)).build();
        assertThat(big.toJson().length()).as("the document itself").isLessThan(JobLimits.MAX_DOCUMENT_BYTES);
        assertOnlyError(big, "as stored the job takes", "fit in one ZooKeeper node");
    }

    @Test
    void shouldAcceptValidJobs() {
        assertThat(validator.validate(TestJobs.linear()).errors()).isEmpty();
        final ValidationReport report = validator.validate(TestJobs.full());
        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void shouldReportTextThatIsNotJson() {
        assertThat(documentErrors("{\"workflow\": [[\"a\", \"b\"],\n  \"catalog\" }"))
            .singleElement().asString().startsWith("document: is not valid JSON (line 2, column");
    }

    @Test
    void shouldReportUnknownTopLevelKeyAndStillValidateTheRest() {
        final Map<String, Object> doc = TestJobs.document(TestJobs.withTask(TestJobs.linear(), "inc",
            t -> t.put(Task.BATCH_SIZE, 0L)));
        doc.put("task-schedular", "onyx.task-scheduler/balanced");
        assertThat(documentErrors(JsonText.write(doc))).containsExactly(
            "job key \"task-schedular\": is not a job key; did you mean \"task-scheduler\"? (the job keys are "
                + String.join(", ", Job.KEYS) + ")",
            "task \"inc\": \"onyx/batch-size\" must be a positive integer (the most segments read per batch); got the "
                + "number 0");
    }

    @Test
    void shouldReportCatalogThatIsNotAListOfMaps() {
        assertThat(documentErrors("{\"workflow\": [[\"a\", \"b\"]], \"catalog\": {\"onyx/name\": \"a\"}}"))
            .containsExactly("catalog: must be a list of task maps; got a map");
        assertThat(documentErrors("{\"workflow\": [[\"a\", \"b\"]], \"catalog\": [{\"onyx/name\": \"a\"}, \"b\"]}"))
            .containsExactly("catalog[1]: must be a task map ({\"key\": value, ...}); got the string \"b\"");
    }

    @Test
    void shouldReportMalformedEdges() {
        assertThat(documentErrors("{\"workflow\": [[\"a\", \"b\", \"c\"], [\"a\", 1]], \"catalog\": []}"))
            .containsExactly("workflow[0]: must be a pair of task names [\"from\", \"to\"]; got [\"a\", \"b\", \"c\"]",
                "workflow[1]: must be a pair of task names [\"from\", \"to\"]; got [\"a\", 1]");
    }

    @Test
    void shouldReportDuplicateTaskNames() {
        final Job job = TestJobs.plusTask(TestJobs.linear(), Task.output("inc", "collect").batchSize(5).build());
        assertThat(errors(job)).contains("task \"inc\": is defined 2 times in the catalog (entries [1, 3]); task "
            + "names must be unique");
    }

    @Test
    void shouldReportDuplicateEdges() {
        final Job job = TestJobs.withEdges(TestJobs.linear(), new Edge("in", "inc"), new Edge("inc", "out"),
            new Edge("in", "inc"));
        assertOnlyError(job, "workflow edge [\"in\", \"inc\"]", "appears 2 times");
    }

    @Test
    void shouldNameAWorkflowTaskMissingFromTheCatalogWithASuggestion() {
        final Job job = TestJobs.withEdges(TestJobs.linear(), new Edge("in", "inc"), new Edge("inc", "otu"));
        assertThat(errors(job)).containsExactly(
            "workflow edge [\"inc\", \"otu\"]: task \"otu\" is not in the catalog; did you mean \"out\"?",
            "task \"out\": is in the catalog but no workflow edge uses it; connect it or remove it (is it the \"otu\" "
                + "of the workflow?)");
    }

    @Test
    void shouldReportACatalogEntryNoEdgeUses() {
        final Job job = TestJobs.plusTask(TestJobs.linear(), Task.output("audit", "collect").batchSize(5).build());
        assertOnlyError(job, "task \"audit\"", "no workflow edge uses it");
    }

    @Test
    void shouldNameTheCycle() {
        final Job job = TestJobs.withEdges(TestJobs.linear(), new Edge("in", "inc"), new Edge("inc", "a"),
            new Edge("a", "b"), new Edge("b", "inc"), new Edge("b", "out"));
        final Job withTasks = TestJobs.plusTask(TestJobs.plusTask(job,
            Task.function("a", FNS + "::inc").batchSize(1).build()), Task.function("b", FNS + "::inc").batchSize(1)
            .build());
        assertOnlyError(withTasks, "workflow: has a cycle: inc -> a -> b -> inc");
    }

    @Test
    void shouldNameASelfLoop() {
        final Job job = TestJobs.withEdges(TestJobs.linear(), new Edge("in", "inc"), new Edge("inc", "inc"),
            new Edge("inc", "out"));
        assertOnlyError(job, "workflow edge [\"inc\", \"inc\"]: is a self-loop (inc -> inc)");
    }

    @Test
    void shouldRefuseEdgesIntoInputsAndOutOfOutputs() {
        final Job job = TestJobs.withEdges(TestJobs.linear(), new Edge("inc", "in"), new Edge("in", "inc"),
            new Edge("inc", "out"), new Edge("out", "inc"));
        assertThat(errors(job)).contains(
            "task \"in\": is an input task but has an incoming edge from \"inc\"; inputs read from their plugin, so "
                + "nothing may flow into them",
            "task \"out\": is an output task but has an outgoing edge to \"inc\"; outputs end the workflow (make it "
                + "a function task to pass segments on)");
    }

    @Test
    void shouldRequireAFunctionOnFunctionTasks() {
        assertOnlyError(TestJobs.withTask(TestJobs.linear(), "inc", t -> t.remove(Task.FN)),
            "task \"inc\": \"onyx/fn\" is missing; a function task needs one");
    }

    @Test
    void shouldNameAMissingClassOrMethod() {
        assertOnlyError(TestJobs.withTask(TestJobs.linear(), "inc", t -> t.put(Task.FN, "com.acme.Nope::inc")),
            "task \"inc\": \"onyx/fn\": class com.acme.Nope is not on the class path");
        assertOnlyError(TestJobs.withTask(TestJobs.linear(), "inc", t -> t.put(Task.FN, FNS + "::incc")),
            "task \"inc\": \"onyx/fn\": class " + FNS + " has no public method \"incc\"; did you mean \"inc\"?");
    }

    @Test
    void shouldRefuseJdkPackagesAndPackagesOutsideTheAllowlist() {
        assertOnlyError(TestJobs.withTask(TestJobs.linear(), "inc", t -> t.put(Task.FN, "java.lang.System::exit")),
            "task \"inc\": \"onyx/fn\": \"java.lang.System::exit\" is refused: classes in the JDK's own packages");
        final JobValidator narrow = new JobValidator(new ClassPathFunctionChecker(getClass().getClassLoader(),
            new PackagePolicy(List.of("com.acme"))));
        assertThat(narrow.validate(TestJobs.linear()).errors()).singleElement().asString()
            .contains("task \"inc\"", "is refused: its package is not in the allowed packages (com.acme)");
    }

    @Test
    void shouldRequireAPositiveBatchSize() {
        assertOnlyError(TestJobs.withTask(TestJobs.linear(), "out", t -> t.remove(Task.BATCH_SIZE)),
            "task \"out\": \"onyx/batch-size\" is missing");
        assertOnlyError(TestJobs.withTask(TestJobs.linear(), "out", t -> t.put(Task.BATCH_SIZE, 0L)),
            "task \"out\": \"onyx/batch-size\" must be a positive integer", "got the number 0");
        assertOnlyError(TestJobs.withTask(TestJobs.linear(), "out", t -> t.put(Task.BATCH_SIZE, "20")),
            "task \"out\": \"onyx/batch-size\" must be a positive integer", "got the string \"20\"");
    }

    @Test
    void shouldRefuseMinPeersAboveMaxPeers() {
        assertOnlyError(TestJobs.withTask(TestJobs.linear(), "inc", t -> {
            t.put(Task.MIN_PEERS, 3L);
            t.put(Task.MAX_PEERS, 2L);
        }), "task \"inc\": \"onyx/min-peers\" (3) is greater than \"onyx/max-peers\" (2)");
    }

    @Test
    void shouldRefuseNPeersWithMinOrMaxPeers() {
        assertOnlyError(TestJobs.withTask(TestJobs.linear(), "inc", t -> {
            t.put(Task.N_PEERS, 2L);
            t.put(Task.MAX_PEERS, 2L);
        }), "task \"inc\": \"onyx/n-peers\" sets min-peers and max-peers together; remove \"onyx/max-peers\" or "
            + "\"onyx/n-peers\"");
    }

    @Test
    void shouldNameUnknownTasksAndWindowsInEverySection() {
        final Job full = TestJobs.full();
        final Job broken = new Job(full.workflow(), full.catalog(),
            List.of(FlowCondition.from("incc").to("count").predicate(FNS + "::isEven").build(),
                FlowCondition.from("inc").to("cuont").predicate(FNS + "::isEven").build()),
            List.of(Lifecycle.of("ouut", FNS + "$Calls").build()),
            List.of(Window.builder("w", "cnt", WindowType.GLOBAL).aggregation("count").build()),
            List.of(Trigger.builder("t", "per-minut", TriggerKind.SEGMENT).threshold(5).sync(FNS + "::sync").build()),
            full.settings());
        assertThat(errors(broken)).containsExactly(
            "flow-conditions[0] (from \"incc\"): \"flow/from\" names task \"incc\", which is not in the job; did you "
                + "mean \"inc\"?",
            "flow-conditions[1] (from \"inc\"): \"flow/to\" names task \"cuont\", which is not in the job; did you "
                + "mean \"count\"?",
            "lifecycles[0] (task \"ouut\"): \"lifecycle/task\" names task \"ouut\", which is not in the job; did you "
                + "mean \"out\"?",
            "window \"w\": \"window/task\" names task \"cnt\", which is not in the job; did you mean \"count\"?",
            "trigger \"t\" of window \"per-minut\": \"trigger/window-id\" names window \"per-minut\", which is not in "
                + "the job");
    }

    @Test
    void shouldRefuseGroupingOnATaskWithNoUpstream() {
        assertOnlyError(TestJobs.withTask(TestJobs.linear(), "in", t -> {
            t.put(Task.GROUP_BY_KEY, "k");
            t.put(Task.FLUX_POLICY, "continue");
        }), "task \"in\": \"onyx/group-by-key\" routes the segments a task receives from upstream, but \"in\" has no "
            + "upstream task");
    }

    @Test
    void shouldRefuseDocumentsOverOneMebibyte() {
        final String big = "{\"workflow\": [], \"catalog\": [], \"metadata\": {\"x\": \"" + "a".repeat(1024 * 1024)
            + "\"}}";
        assertThat(documentErrors(big)).singleElement().asString()
            .startsWith("document: is 1.0 MiB (" + big.length() + " bytes); a job document may be at most 1 MiB");
    }

    @Test
    void shouldCollectIndependentErrorsTogether() {
        final Job job = TestJobs.withTask(TestJobs.withTask(TestJobs.linear(), "inc", t -> t.remove(Task.FN)),
            "out", t -> t.put(Task.BATCH_SIZE, -1L));
        assertThat(errors(job)).hasSize(2);
    }

    @Test
    void shouldReportUnknownKeysWithSuggestionsAndWarnOnDeprecatedOnes() {
        final Job job = TestJobs.withTask(TestJobs.linear(), "inc", t -> {
            t.put("onyx/batchsize", 3L);
            t.put("onyx/max-pending", 100L);
            t.put("my/param", "passes through");
        });
        assertThat(errors(job)).containsExactly("task \"inc\": \"onyx/batchsize\" is not a catalog key; did you mean "
            + "\"onyx/batch-size\"? (keys of other namespaces, such as \"my/param\", pass through)");
        assertThat(validator.validate(job).warnings()).singleElement().asString()
            .contains("\"onyx/max-pending\" has no effect");
    }

    @Test
    void shouldCheckTaskTypesNamesAndPlugins() {
        assertOnlyError(TestJobs.withTask(TestJobs.linear(), "inc", t -> t.put(Task.TYPE, "functoin")),
            "\"onyx/type\" is \"functoin\"", "did you mean \"function\"?");
        assertOnlyError(TestJobs.withTask(TestJobs.linear(), "in", t -> t.put(Task.PLUGIN, "collect")),
            "task \"in\": \"onyx/plugin\" \"collect\" is an output plugin; it cannot serve an input task");
        assertOnlyError(TestJobs.withTask(TestJobs.linear(), "in", t -> t.put(Task.PLUGIN, "seqq")),
            "is neither a built-in plugin", "did you mean \"seq\"?");
        assertOnlyError(TestJobs.withTask(TestJobs.linear(), "out", t -> t.put(Task.PLUGIN, "file")),
            "task \"out\": \"file/path\" is missing");
        assertOnlyError(TestJobs.withTask(TestJobs.linear(), "out", t -> t.remove(Task.PLUGIN)),
            "task \"out\": \"onyx/plugin\" is missing");
        assertThat(errors(TestJobs.withTask(TestJobs.linear(), "out", t -> t.put(Task.PLUGIN, FNS + "$Plugin"))))
            .isEmpty();
    }

    @Test
    void shouldCheckFunctionParameters() {
        assertThat(errors(TestJobs.withTask(TestJobs.linear(), "inc", t -> {
            t.put(Task.FN, FNS + "::scale");
            t.put(Task.PARAMS, List.of("my/factor", "my/label"));
            t.put("my/factor", 3L);
            t.put("my/label", "x");
        }))).isEmpty();
        assertOnlyError(TestJobs.withTask(TestJobs.linear(), "inc", t -> {
            t.put(Task.FN, FNS + "::scale");
            t.put(Task.PARAMS, List.of("my/factor", "my/label"));
            t.put("my/factor", "three");
            t.put("my/label", "x");
        }), "method " + FNS + "::scale has the wrong signature: found Object scale(long, String, Map)",
            "(parameter values: the string \"three\", the string \"x\")",
            ": parameter 1 of scale is long but the value given for it is the string \"three\"");
        final Job tagged = TestJobs.withTask(TestJobs.linear(), "inc", t -> t.put(Task.FN, FNS + "::tagged"));
        assertOnlyError(tagged, "method " + FNS + "::tagged has the wrong signature");
        final Job withLifecycle = new Job(tagged.workflow(), tagged.catalog(), tagged.flowConditions(),
            List.of(Lifecycle.of("inc", FNS + "$Calls").build()), tagged.windows(), tagged.triggers(),
            tagged.settings());
        assertThat(errors(withLifecycle)).as("a lifecycle's onyx.core/params may follow the onyx/params").isEmpty();
        assertOnlyError(TestJobs.withTask(TestJobs.linear(), "inc", t -> t.put(Task.PARAMS, List.of("my/missing"))),
            "\"onyx/params\" names \"my/missing\" but the task has no such key");
    }

    @Test
    void shouldRefuseTheWindowTrapsThatGiveWrongLookingNumbers() {
        final Job full = TestJobs.full();
        final Job ungrouped = TestJobs.withTask(full, "count", t -> {
            t.remove(Task.GROUP_BY_KEY);
            t.remove(Task.FLUX_POLICY);
            t.remove(Task.N_PEERS);
        });
        assertOnlyError(ungrouped, "window \"per-minute\"", "is on task \"count\", which is not grouped and may run "
            + "on several peers", "\"onyx/n-peers\" 1");
        assertThat(errors(TestJobs.withTask(ungrouped, "count", t -> t.put(Task.N_PEERS, 1L)))).isEmpty();
        assertOnlyError(TestJobs.withTask(full, "in", t -> t.remove(Task.ASSIGN_WATERMARK_FN)),
            "trigger \"on-watermark\" of window \"per-minute\": fires on the watermark, but no input task upstream "
                + "of \"count\" has one");
        assertOnlyError(TestJobs.withTask(full, "count", t -> t.put(Task.N_PEERS, 200L)),
            "needs at least 200 peers, more than the job's 128 key groups");
    }

    @Test
    void shouldRequireAFixedPeerCountOnlyForAPluginThatSaysItCannotRescale() {
        assertThat(errors(TestJobs.withTask(TestJobs.linear(), "out", t -> t.put(Task.PLUGIN, FNS + "$Plugin"))))
            .isEmpty();
        final Job fixed = TestJobs.withTask(TestJobs.linear(), "out", t -> t.put(Task.PLUGIN, FNS + "$FixedPlugin"));
        assertOnlyError(fixed, "task \"out\"", "implements io.sardonyx.api.FixedPeerCount", "set \"onyx/n-peers\"");
        assertThat(errors(TestJobs.withTask(fixed, "out", t -> t.put(Task.N_PEERS, 2L)))).isEmpty();
    }

    @Test
    void shouldCheckTheFileOutputsModeAndResumePointIds() {
        final Job file = TestJobs.withTask(TestJobs.linear(), "out", t -> {
            t.put(Task.PLUGIN, "file");
            t.put("file/path", "out.jsonl");
            t.put("file/mode", "replace");
        });
        assertOnlyError(file, "\"file/mode\" must be one of [append, overwrite, fail-if-exists]; got the string "
            + "\"replace\"");
        assertOnlyError(TestJobs.withSettings(TestJobs.linear(), Map.of(Job.RESUME_POINT,
            Map.of("in", Map.of("job-id", "not-a-uuid")))), "\"job-id\" must be the id of an earlier job, a UUID");
    }

    @Test
    void shouldCheckGroupingRules() {
        final Job grouped = TestJobs.withTask(TestJobs.linear(), "inc", t -> t.put(Task.GROUP_BY_KEY, "k"));
        assertOnlyError(grouped, "task \"inc\": \"onyx/flux-policy\" is missing");
        assertOnlyError(TestJobs.withTask(grouped, "inc", t -> t.put(Task.FLUX_POLICY, "kill")),
            "\"onyx/flux-policy\" \"kill\" needs \"onyx/min-peers\" or \"onyx/n-peers\"");
        assertThat(errors(TestJobs.withTask(grouped, "inc", t -> t.put(Task.FLUX_POLICY, "recover"))))
            .as("state rescales: recover needs no fixed peer count").isEmpty();
        assertOnlyError(TestJobs.withTask(grouped, "inc", t -> {
            t.put(Task.FLUX_POLICY, "continue");
            t.put(Task.GROUP_BY_FN, FNS + "::group");
        }), "cannot both be set");
    }

    @Test
    void shouldCheckFlowConditionRules() {
        final Job full = TestJobs.full();
        final Job broken = new Job(full.workflow(), full.catalog(), List.of(
            FlowCondition.from("inc").to("errors").thrownException(true).predicate(FNS + "::isFailure").build(),
            FlowCondition.from("inc").to("out").predicate(FNS + "::isEven").build(),
            FlowCondition.from("inc").toNone().shortCircuit(true).predicate(List.of("or", FNS + "::isEven")).build(),
            FlowCondition.from("inc").to("count").predicate(List.of(FNS + "::above", "limit/n")).build()),
            full.lifecycles(), full.windows(), full.triggers(), full.settings());
        assertThat(errors(broken)).containsExactly(
            "flow-conditions[0] (from \"inc\"): \"flow/thrown-exception?\" needs \"flow/short-circuit?\" true: an "
                + "exception is routed by the first condition that matches it",
            "flow-conditions[1] (from \"inc\"): \"flow/to\" names \"out\", which is not downstream of \"inc\" (its "
                + "downstream tasks are [\"count\", \"errors\"])",
            "flow-conditions[2] (from \"inc\"): \"flow/predicate\": \"or\" needs at least two predicates, got 1",
            "flow-conditions[2] (from \"inc\"): is a short-circuit condition after flow-conditions[1], which is not; "
                + "short-circuit conditions of a task must come before its other conditions",
            "flow-conditions[3] (from \"inc\"): \"flow/predicate\" passes [\"limit/n\"] to \"" + FNS + "::above\" but "
                + "the flow condition has no such key; add it with the value to pass");
    }

    @Test
    void shouldCheckWindowsAndTriggers() {
        final Job full = TestJobs.full();
        final Job broken = new Job(full.workflow(), full.catalog(), full.flowConditions(), full.lifecycles(),
            List.of(Window.builder("w1", "count", WindowType.SLIDING).aggregation("max", "n").windowKey("t")
                    .range(1, WindowUnit.MINUTES).slide(2, WindowUnit.MINUTES).build(),
                Window.builder("w2", "count", WindowType.SESSION).aggregation("onyx.windowing.aggregation/cnt")
                    .windowKey("t").build(),
                Window.builder("w1", "count", WindowType.GLOBAL).aggregation("count").range(1, WindowUnit.DAYS)
                    .build()),
            List.of(Trigger.builder("t", "w1", TriggerKind.TIMER).threshold(3).emit(FNS + "::emit").build(),
                Trigger.builder("t", "w1", TriggerKind.PERCENTILE_WATERMARK).watermarkPercentage(1.5)
                    .sync(FNS + "::inc").build()),
            full.settings());
        assertThat(errors(broken)).containsExactly(
            "window \"w1\": \"window/slide\" [2, \"minutes\"] is longer than \"window/range\" [1, \"minutes\"]; "
                + "segments between windows would be lost",
            "window \"w1\": \"window/init\" is missing; the max aggregation needs a starting value",
            "window \"w2\": \"window/timeout-gap\" is missing; a session window needs it (e.g. [30, \"minutes\"])",
            "window \"w2\": \"window/aggregation\" \"onyx.windowing.aggregation/cnt\" is neither a built-in "
                + "aggregation [average, collect-by-key, conj, count, max, min, sum] nor a class name; did you mean "
                + "\"onyx.windowing.aggregation/count\"?",
            "window \"w1\": is defined more than once; window ids must be unique in the job",
            "window \"w1\": \"window/range\" has no meaning for a global window, which covers all time",
            "trigger \"t\" of window \"w1\": \"trigger/threshold\" has no meaning for a onyx.triggers/timer trigger",
            "trigger \"t\" of window \"w1\": \"trigger/period\" is missing; a onyx.triggers/timer trigger needs it, "
                + "e.g. [5, \"seconds\"]",
            "trigger \"t\" of window \"w1\": is defined more than once for window \"w1\"; trigger ids must be unique "
                + "per window",
            "trigger \"t\" of window \"w1\": \"trigger/watermark-percentage\" must be a fraction above 0 and at most "
                + "1, e.g. 0.95; got the number 1.5",
            "trigger \"t\" of window \"w1\": \"trigger/sync\": method " + FNS + "::inc has the wrong signature: found "
                + "Map inc(Map); expected " + FunctionKind.TRIGGER_SYNC.expected());
    }

    @Test
    void shouldCheckStateStoresAndLatePolicies() {
        final Job full = TestJobs.full();
        final Job windows = new Job(full.workflow(), full.catalog(), full.flowConditions(), full.lifecycles(),
            List.of(Window.builder("w", "count", WindowType.GLOBAL).aggregation("count").lateSegments("ignore")
                .build()), List.of(), full.settings());
        assertOnlyError(windows, "window \"w\"", "\"window/late-segments\" must be one of [update, drop, emit]",
            "the string \"ignore\"");
        assertOnlyError(TestJobs.withTask(TestJobs.linear(), "inc", t -> t.put(Task.STATE_STORE, "lmdb")),
            "task \"inc\"", "\"onyx/state-store\" must be one of [memory, rocksdb]", "\"lmdb\"");
        final Job linear = TestJobs.linear();
        final java.util.Map<String, Object> settings = new java.util.HashMap<>(linear.settings());
        settings.put(Job.JOB_CONFIG, java.util.Map.of(Job.STATE_STORE_IMPL, "disk"));
        assertOnlyError(new Job(linear.workflow(), linear.catalog(), linear.flowConditions(), linear.lifecycles(),
                linear.windows(), linear.triggers(), settings),
            "\"onyx.peer/state-store-impl\" must be one of [memory, rocksdb]", "\"disk\"");
    }

    @Test
    void shouldRequireAWindowOnReduceTasksAndAnEmitWhenTheyHaveDownstreamTasks() {
        final Job job = TestJobs.withTask(TestJobs.linear(), "inc", t -> {
            t.put(Task.TYPE, "reduce");
            t.remove(Task.FN);
        });
        assertThat(errors(job)).containsExactly(
            "task \"inc\": is a reduce task without a window; a reduce task only feeds windows, so give it at least "
                + "one",
            "task \"inc\": is a reduce task with downstream tasks but none of its windows' triggers has "
                + "\"trigger/emit\"; only emitted segments leave a reduce task");
    }

    @Test
    void shouldCheckJobSettings() {
        final Job linear = TestJobs.linear();
        final Job job = new Job(linear.workflow(), linear.catalog(), List.of(), List.of(), List.of(), List.of(),
            Map.of(Job.TASK_SCHEDULER, "onyx.task-scheduler/balanse", Job.PERCENTAGE, 0L,
                Job.METADATA, Map.of("job-id", "not-a-uuid"),
                Job.JOB_CONFIG, Map.of("onyx.peer/coordinator-barrier-period", 5L),
                Job.RESUME_POINT, Map.of("ni", Map.of("job-id", "6a1f0e3c-2f4b-4d5e-9a7b-1c2d3e4f5a6b"))));
        assertThat(errors(job)).containsExactlyInAnyOrder(
            "\"task-scheduler\": is the string \"onyx.task-scheduler/balanse\"; it must be one of "
                + "[onyx.task-scheduler/balanced, onyx.task-scheduler/percentage, onyx.task-scheduler/colocated]; "
                + "did you mean \"onyx.task-scheduler/balanced\"?",
            "\"percentage\": must be an integer from 1 to 100 (the job's share of the cluster under the percentage "
                + "job scheduler); got the number 0",
            "\"metadata\": \"job-id\" must be a UUID string such as \"6a1f0e3c-2f4b-4d5e-9a7b-1c2d3e4f5a6b\"; got the "
                + "string \"not-a-uuid\"",
            "\"job-config\": \"onyx.peer/coordinator-barrier-period\" is not a setting a job may override; did you "
                + "mean \"onyx.peer/coordinator-barrier-period-ms\"?; those are "
                + "[onyx.peer/state-store-impl, onyx.peer/coordinator-barrier-period-ms, "
                + "sardonyx/max-parallelism, onyx.peer/fuse-function-tasks]",
            "\"resume-point\": names task \"ni\", which is not in the job; did you mean \"in\"?");
    }

    @Test
    void shouldRequireEveryTasksShareUnderThePercentageScheduler() {
        final Job linear = TestJobs.linear();
        final Job job = new Job(linear.workflow(), linear.catalog(), List.of(), List.of(), List.of(), List.of(),
            Map.of(Job.TASK_SCHEDULER, "percentage"));
        assertThat(errors(job)).hasSize(3).allMatch(e -> e.contains("\"onyx/percentage\" is missing"));
    }

    @Test
    void shouldRefuseTaskNamesThatAreKeywordsOrUnsafe() {
        assertThat(errors(TestJobs.withTask(TestJobs.linear(), "out", t -> t.put(Task.NAME, "all"))))
            .anyMatch(e -> e.contains("\"onyx/name\" may not be \"all\""));
        assertThat(errors(TestJobs.withTask(TestJobs.linear(), "out", t -> t.put(Task.NAME, "a/b"))))
            .anyMatch(e -> e.contains("\"a/b\" is not a valid task name"));
    }
}
