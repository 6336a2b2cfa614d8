package dev.cordon.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The panel's package rules: {@code dev.cordon.app} is the composition root; each page is one package that uses
 * the shared kit ({@code app.ui}, {@code app.backend}, {@code app.task}, {@code app.elevation}) and the backend, never
 * another page and never the root.
 */
class PanelArchitectureTest {
    static final List<String> PAGES = List.of("accounts", "audit", "doctor", "leftovers", "network", "overview",
            "processes", "sessions");

    private static JavaClasses panel;

    @BeforeAll
    static void importPanel() {
        panel = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.cordon.app");
    }

    @Test
    void aPageNeverUsesAnotherPage() {
        for (String page : PAGES) {
            String[] others = PAGES.stream().filter(p -> !p.equals(page))
                    .map(p -> "dev.cordon.app." + p + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("dev.cordon.app." + page + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("what two pages share belongs in the shared kit (dev.cordon.app.ui, dev.cordon.app.backend)")
                    .check(panel);
        }
    }

    @Test
    void pagesAndTheKitDoNotUseTheCompositionRoot() {
        noClasses().that().resideInAPackage("dev.cordon.app.*..")
                .should().dependOnClassesThat().resideInAPackage("dev.cordon.app")
                .because("dev.cordon.app wires the pages together; what they share lives in the kit (dev.cordon.app.ui, dev.cordon.app.backend)")
                .check(panel);
    }

    @Test
    void panelPackagesFormNoCycles() {
        slices().matching("dev.cordon.app.(**)").should().beFreeOfCycles().check(panel);
    }
}
