package dev.cordon.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md ("The platform seam"), checked on every build. When one fails, move the
 * code to where it belongs; do not widen the rule.
 */
class ArchitectureTest {
    /** The one class above the seam that may name the OS packages: it picks the implementation at start-up. */
    private static final String PLATFORM_FACTORY = "dev.cordon.platform.Platforms";

    private static JavaClasses backend;

    @BeforeAll
    static void importBackend() {
        backend = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.cordon");
    }

    @Test
    void onlyTheLinuxPackagesAndTheFactoryUseLinuxCode() {
        noClasses().that().resideOutsideOfPackage("dev.cordon.platform.linux..")
                .and().doNotHaveFullyQualifiedName(PLATFORM_FACTORY)
                .should().dependOnClassesThat().resideInAPackage("dev.cordon.platform.linux..")
                .because("Linux code stays below the seam; everything above it is written once")
                .check(backend);
    }

    @Test
    void onlyTheWindowsPackagesAndTheFactoryUseWindowsCode() {
        noClasses().that().resideOutsideOfPackage("dev.cordon.platform.windows..")
                .and().doNotHaveFullyQualifiedName(PLATFORM_FACTORY)
                .should().dependOnClassesThat().resideInAPackage("dev.cordon.platform.windows..")
                .because("Windows code stays below the seam; everything above it is written once")
                .check(backend);
    }

    @Test
    void theBackendDoesNotDependOnItsClients() {
        noClasses().that().resideOutsideOfPackages("dev.cordon.cli..", "dev.cordon.app..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cordon.cli..", "dev.cordon.app..")
                .because("the CLI and the panel are clients of the backend, never the other way round")
                .check(backend);
    }

    @Test
    void onlyClientsAndTheHostComposeTheBackend() {
        noClasses().that().resideInAnyPackage("dev.cordon.audit..", "dev.cordon.core..", "dev.cordon.doctor..",
                        "dev.cordon.leftovers..", "dev.cordon.platform..", "dev.cordon.provision..",
                        "dev.cordon.runner..", "dev.cordon.session..", "dev.cordon.vault..")
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.cordon.Backend")
                .because("a part is given the narrow collaborators it needs, not the whole backend as a locator")
                .check(backend);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("dev.cordon.(**)").should().beFreeOfCycles().check(backend);
    }
}
