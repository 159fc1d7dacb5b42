package io.airlock.cli.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.cli.AirlockHome;
import io.airlock.cli.Main;
import io.airlock.controlplane.database.ProcessArguments;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, end to end on a small table: control plane, customer PostgreSQL, a
 * data plane in its own JVM, a hashed sync. The first run is a separate JVM that is killed ({@code
 * kill -9}) once it says everything keeps running, as a user may do; the second runs in this JVM
 * over what the first left behind.
 */
class QuickstartTest {
  private static final String KEEPS_RUNNING = "Everything keeps running";

  @TempDir static Path home;

  /** What the killed run left running: its data plane and both PostgreSQL servers. */
  private static final List<ProcessHandle> leftovers = new ArrayList<>();

  @BeforeAll
  static void useTemporaryHome() {
    System.setProperty(AirlockHome.PROPERTY, home.toString());
  }

  @AfterAll
  static void restoreHomeAndStopLeftovers() {
    System.clearProperty(AirlockHome.PROPERTY);
    leftovers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
  }

  @Test
  void syncsHashedPatientsThenRunsAgainAfterBeingKilled() throws Exception {
    String first = quickstartKilledOnceRunning(2_500);

    assertThat(first)
        .contains("Admin API token (shown once")
        .contains("SUCCEEDED")
        .contains("2,500")
        .contains("Hashed values in warehouse")
        .containsPattern("\\n1 +[0-9a-f]{16}… +[0-9a-f]{16}… +[0-9a-f]{16}…")
        .contains("jdbc:postgresql://127.0.0.1:")
        .contains("https://127.0.0.1:")
        .doesNotContain("localhost")
        .doesNotContain("password=");
    assertThat(ownerOnly(home.resolve("quickstart/hash-key"))).isTrue();
    assertThat(ownerOnly(home.resolve("controlplane/admin-token"))).isTrue();
    assertThat(home.resolve("cli.properties")).exists();
    assertThat(leftovers).hasSize(3).allMatch(ProcessHandle::isAlive);

    String second = quickstart(1_200);

    assertThat(second)
        .doesNotContain("Admin API token (shown once")
        .contains("SUCCEEDED")
        .contains("1,200")
        .doesNotContain("localhost");
    assertThat(leftovers).noneMatch(ProcessHandle::isAlive);
    assertThat(home.resolve("quickstart/dataplane.pid")).doesNotExist();
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

  /**
   * Runs the quickstart in its own JVM until it says everything keeps running, notes what it
   * started outside that JVM, kills it, and returns what it printed.
   */
  private static String quickstartKilledOnceRunning(int rows) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
            TestingProcesses.java(),
            "-cp",
            TestingProcesses.classPath(),
            Main.class.getName(),
            "quickstart",
            "--rows",
            Integer.toString(rows),
            "--port",
            "18443",
            "--no-progress");
    builder.environment().put("AIRLOCK_HOME", home.toString());
    builder.redirectError(ProcessBuilder.Redirect.appendTo(home.resolve("killed.err").toFile()));
    Process run = builder.start();
    String output = readUntilKeepsRunning(run);
    assertThat(output).as("the killed run's output").contains(KEEPS_RUNNING);

    run.descendants().filter(QuickstartTest::isDataPlane).forEach(leftovers::add);
    server(home.resolve("controlplane/postgres")).ifPresent(leftovers::add);
    server(home.resolve("quickstart/postgres/data")).ifPresent(leftovers::add);
    TestingProcesses.kill(run);
    return output;
  }

  private static String readUntilKeepsRunning(Process run) throws Exception {
    StringBuilder output = new StringBuilder();
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8));
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      output.append(line).append('\n');
      if (line.startsWith(KEEPS_RUNNING)) {
        break;
      }
    }
    return output.toString();
  }

  private static boolean isDataPlane(ProcessHandle process) {
    return ProcessArguments.of(process)
        .map(arguments -> arguments.contains(DataPlaneProcess.MAIN_CLASS))
        .orElse(false);
  }

  private static Optional<ProcessHandle> server(Path dataDirectory) {
    return LeftoverPostgres.runningServerPid(dataDirectory).stream()
        .boxed()
        .findFirst()
        .flatMap(ProcessHandle::of);
  }

  private static boolean ownerOnly(Path file) throws Exception {
    return Files.getPosixFilePermissions(file).equals(PosixFilePermissions.fromString("rw-------"));
  }
}
