package io.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The {@code ./airlock} launcher script of the repository. */
class LauncherTest {
  /** Tests run in the cli module's folder; the launcher is at the repository's root. */
  private static final Path LAUNCHER = Path.of("..", "airlock").toAbsolutePath().normalize();

  @Test
  void testHelpIsAirlocksOwnAndRunsNoBuild() throws Exception {
    assertThat(LAUNCHER).isRegularFile();
    Process process =
        new ProcessBuilder("bash", LAUNCHER.toString(), "test", "--help")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor()).as(output).isZero();
    assertThat(output)
        .startsWith("Usage: ./airlock test")
        .contains("./mvnw -B verify")
        .contains("JDK 21")
        .contains("psql")
        .contains("-Dtest=")
        .doesNotContain("usage: mvn");
  }

  @Test
  void shortHelpOptionShowsTheSameText() throws Exception {
    Process process =
        new ProcessBuilder("bash", LAUNCHER.toString(), "test", "-h")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor()).isZero();
    assertThat(output).startsWith("Usage: ./airlock test");
  }
}
