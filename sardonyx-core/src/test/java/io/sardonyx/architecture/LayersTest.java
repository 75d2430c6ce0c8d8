package io.sardonyx.architecture;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core's package graph, as the package-info files describe it: no package cycle, a user SPI that depends on
 * nothing, and pure packages that reach no clock, thread, socket or file.
 */
class LayersTest {
    /** The packages whose code must be pure functions of its inputs. */
    private static final String[] PURE = {"io.sardonyx.job", "io.sardonyx.log", "io.sardonyx.log.command",
        "io.sardonyx.schedule"};
    private static JavaClasses core;

    @BeforeAll
    static void load() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.sardonyx");
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        final ArchRule rule = slices().matching("io.sardonyx.(**)").should().beFreeOfCycles();
        rule.check(core);
    }

    @Test
    void theUserSpiDependsOnNothingButTheValueFormats() {
        final ArchRule rule = classes().that().resideInAPackage("io.sardonyx.api").should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "io.sardonyx.api..", "io.sardonyx.codec..");
        rule.check(core);
    }

    @Test
    void nothingButTheFacadeDependsOnTheFacade() {
        final ArchRule rule = noClasses().that().resideOutsideOfPackage("io.sardonyx.client").should()
            .dependOnClassesThat().resideInAPackage("io.sardonyx.client");
        rule.check(core);
    }

    @Test
    void theLogIsFollowedInOnePlace() {
        final ArchRule rule = noClasses().that().resideOutsideOfPackage("io.sardonyx.log.store").should()
            .dependOnClassesThat().haveFullyQualifiedName("io.sardonyx.log.store.LogGcedException")
            .because("io.sardonyx.log.store.LogCursor follows a log and absorbs a gc for every reader");
        rule.check(core);
    }

    @Test
    void userCodeIsCalledInOnePlace() {
        // Every method handle a job's functions resolve to is invoked by io.sardonyx.usercode.UserCalls, the one place
        // a Throwable from user code is caught; JdkAccess invokes the JDK's own handles, once, at start-up.
        final ArchRule rule = noClasses().that().resideOutsideOfPackage("io.sardonyx.usercode")
            .and().doNotHaveFullyQualifiedName("io.sardonyx.messaging.JdkAccess").should()
            .callMethodWhere(target(owner(assignableTo(java.lang.invoke.MethodHandle.class))))
            .because("user code is called through UserCalls, where what it throws is caught");
        rule.check(core);
    }

    @Test
    void theFacadeHandsOutNoEngineType() {
        // What an application holds: the environment, its peer groups, jobs, snapshots of the cluster and of
        // checkpoints. Engine types (log store, replica, peer group, runtime, meter registry) only through Engine.
        final java.util.List<String> leaks = new java.util.ArrayList<>();
        for (final Class<?> type : java.util.List.of(io.sardonyx.client.Sardonyx.class,
            io.sardonyx.client.Peers.class, io.sardonyx.client.JobHandle.class, io.sardonyx.client.JobOutcome.class,
            io.sardonyx.client.ClusterView.class, io.sardonyx.client.CheckpointView.class)) {
            for (final java.lang.reflect.Method m : type.getDeclaredMethods()) {
                if (!java.lang.reflect.Modifier.isPublic(m.getModifiers()) || m.isSynthetic()) {
                    continue;
                }
                final java.util.List<java.lang.reflect.Type> used = new java.util.ArrayList<>(
                    java.util.List.of(m.getGenericParameterTypes()));
                used.add(m.getGenericReturnType());
                for (final java.lang.reflect.Type t : used) {
                    for (final String name : classNames(t)) {
                        if (!userFacing(name)) {
                            leaks.add(type.getSimpleName() + "." + m.getName() + " uses " + name);
                        }
                    }
                }
            }
        }
        org.assertj.core.api.Assertions.assertThat(leaks).isEmpty();
    }

    private static boolean userFacing(final String name) {
        return name.startsWith("java.") || !name.contains(".") || name.startsWith("io.sardonyx.api.")
            || name.startsWith("io.sardonyx.client.") && !name.equals("io.sardonyx.client.Engine")
            && !name.equals("io.sardonyx.client.SardonyxClient") || name.equals("io.sardonyx.job.Job");
    }

    /** Every class a (generic) type names. */
    private static java.util.List<String> classNames(final java.lang.reflect.Type type) {
        final java.util.List<String> out = new java.util.ArrayList<>();
        if (type instanceof Class<?> c) {
            out.add(c.isArray() ? c.getComponentType().getName() : c.getName());
        } else if (type instanceof java.lang.reflect.ParameterizedType p) {
            out.addAll(classNames(p.getRawType()));
            for (final java.lang.reflect.Type arg : p.getActualTypeArguments()) {
                out.addAll(classNames(arg));
            }
        } else if (type instanceof java.lang.reflect.WildcardType w) {
            for (final java.lang.reflect.Type bound : w.getUpperBounds()) {
                out.addAll(classNames(bound));
            }
        }
        return out;
    }

    @Test
    void threadsAreMadeInOnePlace() {
        final ArchRule rule = noClasses().that().resideOutsideOfPackage("io.sardonyx.threads").should()
            .callConstructorWhere(target(owner(assignableTo(Thread.class))))
            .because("io.sardonyx.threads.DaemonThreads names them and makes them daemons");
        rule.check(core);
    }

    @Test
    void pureCodeReachesNoClockThreadSocketOrFile() {
        final ArchRule io = noClasses().that().resideInAnyPackage(PURE).or().haveFullyQualifiedName(
            "io.sardonyx.window.Extents").should().dependOnClassesThat().resideInAnyPackage("java.nio.file..",
                "java.nio.channels..", "java.net..", "io.sardonyx.log.store..", "org.apache.zookeeper..",
                "org.apache.curator..")
            .orShould().dependOnClassesThat().haveNameMatching("java\\.io\\.(File|RandomAccessFile).*")
            .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
            .orShould().dependOnClassesThat().haveNameMatching("java\\.util\\.concurrent\\.(Executor|Scheduled).*")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock");
        io.check(core);
    }
}
