package io.sardonyx.dashboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dashboard replays the log and reads what peers publish; it never reaches into a running task. */
class DashboardLayerTest {
    @Test
    void theDashboardNeverReachesTheTaskRuntime() {
        noClasses().that().resideInAPackage("io.sardonyx.dashboard..").should().dependOnClassesThat()
            .resideInAnyPackage("io.sardonyx.task..", "io.sardonyx.peer..", "io.sardonyx.messaging..")
            .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.sardonyx.dashboard"));
    }
}
