package io.airlock.controlplane;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The control plane must not be able to touch data: it holds no connector or data-plane code. */
class ArchitectureTest {
  private static final String HOW_TO_FIX =
      "the control plane must never hold connector or data-plane code (ARCHITECTURE.md,"
          + " invariant 2). To fix: move the shared type to the 'protocol' module"
          + " (io.airlock.protocol..), or ask the data plane for it through the lease API"
          + " (a JobSpec in a Lease, a report in a JobResult) instead of calling its code";

  @Test
  void controlPlaneDependsOnNeitherConnectorsNorDataPlane() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.airlock.controlplane");

    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("io.airlock.controlplane..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.airlock.connectors..", "io.airlock.dataplane..")
            .because(HOW_TO_FIX);

    rule.check(classes);
  }

  @Test
  void connectorAndDataPlaneCodeIsNotOnTheClasspath() {
    for (String name :
        new String[] {"io.airlock.connectors.spi.Source", "io.airlock.connectors.spi.Secret"}) {
      assertThatThrownBy(() -> Class.forName(name))
          .as("%s is on the control plane's classpath; %s", name, HOW_TO_FIX)
          .isInstanceOf(ClassNotFoundException.class);
    }
  }
}
