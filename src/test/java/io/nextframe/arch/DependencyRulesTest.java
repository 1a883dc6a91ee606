package io.nextframe.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dependency rules of DESIGN.md: tools → models → (layers, data) → core ← simd, opencl. The Vector API appears
 * only in simd, JOCL only in opencl, and nothing above core names a concrete backend.
 */
class DependencyRulesTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.nextframe");
        assertTrue(main.size() > 10, "expected the engine's classes, imported " + main.size());
    }

    private static void check(ArchRule rule) {
        rule.allowEmptyShould(true).check(main);
    }

    @Test
    void vectorApiOnlyInSimd() {
        check(noClasses().that().resideOutsideOfPackage("io.nextframe.simd..")
                .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector.."));
    }

    @Test
    void joclOnlyInOpenCl() {
        check(noClasses().that().resideOutsideOfPackage("io.nextframe.opencl..")
                .should().dependOnClassesThat().resideInAPackage("org.jocl.."));
    }

    @Test
    void coreImportsNothingAboveIt() {
        check(noClasses().that().resideInAPackage("io.nextframe.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.nextframe.simd..", "io.nextframe.opencl..",
                        "io.nextframe.layers..", "io.nextframe.models..", "io.nextframe.data..",
                        "io.nextframe.tools.."));
    }

    @Test
    void backendsDoNotDependOnEachOtherOrOnUpperLayers() {
        check(noClasses().that().resideInAPackage("io.nextframe.simd..")
                .should().dependOnClassesThat().resideInAnyPackage("io.nextframe.opencl..", "io.nextframe.layers..",
                        "io.nextframe.models..", "io.nextframe.data..", "io.nextframe.tools.."));
        check(noClasses().that().resideInAPackage("io.nextframe.opencl..")
                .should().dependOnClassesThat().resideInAnyPackage("io.nextframe.simd..", "io.nextframe.layers..",
                        "io.nextframe.models..", "io.nextframe.data..", "io.nextframe.tools.."));
    }

    @Test
    void upperLayersNeverNameAConcreteBackend() {
        check(noClasses().that().resideInAnyPackage("io.nextframe.layers..", "io.nextframe.models..",
                        "io.nextframe.data..", "io.nextframe.tools..")
                .should().dependOnClassesThat().resideInAnyPackage("io.nextframe.simd..", "io.nextframe.opencl..",
                        "io.nextframe.core.reference..", "io.nextframe.core.cpu.."));
    }

    @Test
    void dependenciesPointDown() {
        check(noClasses().that().resideInAnyPackage("io.nextframe.layers..", "io.nextframe.data..")
                .should().dependOnClassesThat().resideInAnyPackage("io.nextframe.models..", "io.nextframe.tools.."));
        check(noClasses().that().resideInAPackage("io.nextframe.models..")
                .should().dependOnClassesThat().resideInAPackage("io.nextframe.tools.."));
    }
}
