package io.sardonyx.job;

import static io.sardonyx.job.TestJobs.FNS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClassPathFunctionCheckerTest {
    private final ClassPathFunctionChecker checker =
        new ClassPathFunctionChecker(getClass().getClassLoader(), PackagePolicy.ANY);

    private Optional<String> check(final String ref, final FunctionKind kind, final Object... params) {
        return checker.check(ref, kind, List.of(params));
    }

    @Test
    void shouldAcceptEveryKindOfFunctionInItsShape() {
        assertThat(check(FNS + "::inc", FunctionKind.TASK_FN)).isEmpty();
        assertThat(check(FNS + "::scale", FunctionKind.TASK_FN, 3L, "x")).isEmpty();
        assertThat(check(FNS + "::batch", FunctionKind.BATCH_FN)).isEmpty();
        assertThat(check(FNS + "$Identity", FunctionKind.TASK_FN)).isEmpty();
        assertThat(check(FNS + "$Scaler", FunctionKind.TASK_FN, 2L)).isEmpty();
        assertThat(check(FNS + "::group", FunctionKind.GROUP_BY_FN)).isEmpty();
        assertThat(check(FNS + "::isEven", FunctionKind.FLOW_PREDICATE)).isEmpty();
        assertThat(check(FNS + "::changed", FunctionKind.FLOW_PREDICATE)).isEmpty();
        assertThat(check(FNS + "::above", FunctionKind.FLOW_PREDICATE, 10L)).isEmpty();
        assertThat(check(FNS + "::isFailure", FunctionKind.EXCEPTION_PREDICATE)).isEmpty();
        assertThat(check(FNS + "::recover", FunctionKind.POST_TRANSFORM)).isEmpty();
        assertThat(check(FNS + "::eventTime", FunctionKind.WATERMARK_FN)).isEmpty();
        assertThat(check(FNS + "::sync", FunctionKind.TRIGGER_SYNC)).isEmpty();
        assertThat(check(FNS + "::emit", FunctionKind.TRIGGER_EMIT)).isEmpty();
        assertThat(check(FNS + "::isEven", FunctionKind.TRIGGER_PRED)).isEmpty();
        assertThat(check(FNS + "$Calls", FunctionKind.LIFECYCLE_CALLS)).isEmpty();
        assertThat(check(FNS + "$Plugin", FunctionKind.PLUGIN_CLASS)).isEmpty();
    }

    @Test
    void shouldExplainWrongShapes() {
        assertThat(check(FNS + "::returnsString", FunctionKind.TASK_FN)).get().asString()
            .contains("found String returnsString(Map); expected a public static method");
        assertThat(check(FNS + "::twoSegments", FunctionKind.TASK_FN)).get().asString().contains("wrong signature");
        assertThat(check(FNS + "::scale", FunctionKind.TASK_FN, 3L)).get().asString()
            .contains("(parameter values: the number 3)");
        assertThat(check(FNS + "::instance", FunctionKind.TASK_FN)).contains("method " + FNS + "::instance is not "
            + "static; job functions are public static methods");
        assertThat(check(FNS + "::hidden", FunctionKind.TASK_FN)).contains("method " + FNS + "::hidden is not public");
        assertThat(check(FNS + "::isEven", FunctionKind.EXCEPTION_PREDICATE)).get().asString()
            .contains("wrong signature");
        assertThat(check(FNS + "$Scaler", FunctionKind.TASK_FN)).get().asString()
            .contains("has no public constructor taking no arguments; found Scaler(long)");
        assertThat(check(FNS + "$NotCalls", FunctionKind.LIFECYCLE_CALLS))
            .contains("class " + FNS + "$NotCalls does not implement io.sardonyx.api.LifecycleCalls");
        assertThat(check(FNS + "$Plugin", FunctionKind.TASK_FN)).get().asString()
            .contains("does not implement io.sardonyx.api.SegmentFunction");
        assertThat(check(FNS, FunctionKind.GROUP_BY_FN)).get().asString().contains("names a class; name a method");
        assertThat(check(FNS + "::inc", FunctionKind.LIFECYCLE_CALLS)).get().asString()
            .contains("names a method; it must name a class");
    }

    @Test
    void shouldPointAtTheBinaryNameOfANestedClass() {
        assertThat(check(FNS + ".Calls", FunctionKind.LIFECYCLE_CALLS))
            .contains("class " + FNS + ".Calls is not on the class path; for a nested class write \"" + FNS
                + "$Calls\"");
    }

    @Test
    void shouldRefuseThePlatformAndHonourTheAllowlist() {
        assertThat(check("java.lang.Runtime::getRuntime", FunctionKind.GROUP_BY_FN)).get().asString()
            .contains("is refused: classes in the JDK's own packages");
        assertThat(check("org.w3c.dom.Node", FunctionKind.PLUGIN_CLASS)).get().asString()
            .contains("classes of the Java platform may not be job functions");
        final ClassPathFunctionChecker narrow = new ClassPathFunctionChecker(getClass().getClassLoader(),
            new PackagePolicy(List.of("io.sardonyx.job.fixtures")));
        assertThat(narrow.check(FNS + "::inc", FunctionKind.TASK_FN, List.of())).isEmpty();
        assertThat(narrow.check("io.sardonyx.job.JsonValues::describe", FunctionKind.GROUP_BY_FN, List.of())).get()
            .asString().contains("its package is not in the allowed packages (io.sardonyx.job.fixtures)");
        assertThat(new PackagePolicy(List.of("io.sardonyx.job.fix")).refusal(FNS)).isPresent();
    }

    @Test
    void shouldNotRunStaticInitialisers() {
        assertThat(check(Exploding.class.getName() + "::inc", FunctionKind.TASK_FN)).isEmpty();
        assertThat(InitialiserRan.flag).isFalse();
    }

    /** Set by {@link Exploding}'s initialiser; a separate class so reading it does not initialise Exploding. */
    static final class InitialiserRan {
        static boolean flag;
    }

    /** A class whose initialiser must not run during validation. */
    public static final class Exploding {
        static {
            InitialiserRan.flag = true;
        }

        private Exploding() {
        }

        public static Object inc(final java.util.Map<String, Object> segment) {
            return segment;
        }
    }
}
