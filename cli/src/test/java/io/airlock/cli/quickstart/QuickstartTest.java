package io.airlock.cli.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.cli.AirlockHome;
import io.airlock.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, end to end on a small table: control plane, customer PostgreSQL, a
 * data plane in its own JVM, a hashed sync. Run twice, as a user may.
 */
class QuickstartTest {
  @TempDir static Path home;

  @BeforeAll
  static void useTemporaryHome() {
    System.setProperty(AirlockHome.PROPERTY, home.toString());
  }

  @AfterAll
  static void restoreHome() {
    System.clearProperty(AirlockHome.PROPERTY);
  }

  private static String quickstart(int rows) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        Main.execute(
            new String[] {
              "quickstart",
              "--rows",
              Integer.toString(rows),
              "--port",
              "18443",
              "--exit",
              "--no-progress"
            },
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    assertThat(exitCode).as("stdout:%n%s%nstderr:%n%s", out, err).isZero();
    return out.toString();
  }

  @Test
  void syncsHashedPatientsAndRunsAgain() throws Exception {
    String first = quickstart(2_500);

    assertThat(first)
        .contains("Admin API token (shown once")
        .contains("SUCCEEDED")
        .contains("2,500")
        .contains("Hashed values in warehouse")
        .containsPattern("\\n1 +[0-9a-f]{16}… +[0-9a-f]{16}… +[0-9a-f]{16}…")
        .contains("jdbc:postgresql://localhost:")
        .doesNotContain("password=");
    assertThat(ownerOnly(home.resolve("quickstart/hash-key"))).isTrue();
    assertThat(ownerOnly(home.resolve("controlplane/admin-token"))).isTrue();
    assertThat(home.resolve("cli.properties")).exists();

    String second = quickstart(1_200);

    assertThat(second)
        .doesNotContain("Admin API token (shown once")
        .contains("SUCCEEDED")
        .contains("1,200");
  }

  private static boolean ownerOnly(Path file) throws Exception {
    return Files.getPosixFilePermissions(file).equals(PosixFilePermissions.fromString("rw-------"));
  }
}
