package io.airlock.cli.quickstart;

import static io.airlock.cli.quickstart.TestingProcesses.isAlive;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPlaneProcessTest {
  @TempDir Path folder;

  private final List<DataPlaneProcess> started = new ArrayList<>();

  @AfterEach
  void stopStarted() {
    started.forEach(DataPlaneProcess::close);
  }

  @Test
  void commandRunsTheDataPlaneMainWithThisJvmsClassPathAndNoToken() {
    List<String> command =
        DataPlaneProcess.builder(
                URI.create("https://127.0.0.1:8443"), "alt_token.abc", Path.of("/tmp/dp"))
            .jvmOption("-Xmx256m")
            .command();

    assertThat(command.get(0)).endsWith("java");
    assertThat(command)
        .containsSubsequence(
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            DataPlaneProcess.MAIN_CLASS,
            "--control-plane",
            "https://127.0.0.1:8443",
            "--work-dir",
            "/tmp/dp")
        .doesNotContain("--proxy", "--token", "alt_token.abc");
  }

  @Test
  void proxyIsPassedWhenSet() {
    List<String> command =
        DataPlaneProcess.builder(URI.create("https://cp:8443"), "t", Path.of("/tmp/dp"))
            .proxy(URI.create("http://127.0.0.1:3128"))
            .command();

    assertThat(command).endsWith("--proxy", "http://127.0.0.1:3128");
  }

  @Test
  void pidFileNamesTheProcessAndItsStarterAndIsRemovedOnClose() throws Exception {
    Path pidFile = folder.resolve("dataplane.pid");
    DataPlaneProcess process = sleeper(folder.resolve("work"), pidFile);

    assertThat(Files.readAllLines(pidFile))
        .containsExactly(
            Long.toString(process.pid()), Long.toString(ProcessHandle.current().pid()));

    process.close();

    assertThat(pidFile).doesNotExist();
    assertThat(process.isAlive()).isFalse();
  }

  @Test
  void leftoverDataPlaneWhoseStarterIsGoneIsStopped() throws Exception {
    Path workDir = folder.resolve("work");
    Path pidFile = folder.resolve("dataplane.pid");
    DataPlaneProcess leftover = sleeper(workDir, pidFile);
    recordStarter(pidFile, leftover, endedProcessId());

    assertThat(DataPlaneProcess.stopLeftover(pidFile, workDir)).hasValue(leftover.pid());

    leftover.handle().onExit().join();
    assertThat(pidFile).doesNotExist();
  }

  @Test
  void dataPlaneWhoseStarterStillRunsIsLeftAlone() throws Exception {
    Path workDir = folder.resolve("work");
    Path pidFile = folder.resolve("dataplane.pid");
    DataPlaneProcess running = sleeper(workDir, pidFile);
    DataPlaneProcess starter = sleeper(folder.resolve("starter"), folder.resolve("starter.pid"));
    recordStarter(pidFile, running, starter.pid());

    assertThat(DataPlaneProcess.stopLeftover(pidFile, workDir)).isEmpty();

    assertThat(isAlive(running.pid())).isTrue();
    assertThat(pidFile).exists();
  }

  @Test
  void processOfAnotherWorkDirIsLeftAlone() throws Exception {
    Path pidFile = folder.resolve("dataplane.pid");
    DataPlaneProcess other = sleeper(folder.resolve("other-work"), pidFile);
    recordStarter(pidFile, other, endedProcessId());

    assertThat(DataPlaneProcess.stopLeftover(pidFile, folder.resolve("work"))).isEmpty();

    assertThat(isAlive(other.pid())).isTrue();
    assertThat(pidFile).doesNotExist();
  }

  @Test
  void commandLineMatchesOnlyADataPlaneOverTheSameWorkDir() {
    Path workDir = Path.of("/tmp/airlock/dataplane/quickstart");
    List<String> dataPlane =
        List.of("-cp", "x", DataPlaneProcess.MAIN_CLASS, "--work-dir", workDir + "/.");
    List<String> otherDir =
        List.of(DataPlaneProcess.MAIN_CLASS, "--work-dir", "/tmp/airlock/dataplane/b");
    List<String> otherProgram = List.of("-jar", "other.jar", "--work-dir", workDir.toString());

    assertThat(DataPlaneProcess.runsOver(dataPlane, workDir)).isTrue();
    assertThat(DataPlaneProcess.runsOver(otherDir, workDir)).isFalse();
    assertThat(DataPlaneProcess.runsOver(otherProgram, workDir)).isFalse();
  }

  /**
   * A process with a data plane's command line (main class, {@code --work-dir}) that only sleeps:
   * the JVM options of the builder name the sleeping class first, so it is the one that runs.
   */
  private DataPlaneProcess sleeper(Path workDir, Path pidFile) {
    DataPlaneProcess process =
        DataPlaneProcess.builder(URI.create("https://127.0.0.1:1"), "unused", workDir)
            .jvmOption("-cp")
            .jvmOption(TestingProcesses.classPath())
            .jvmOption(TestingProcesses.Sleeper.class.getName())
            .logFile(folder.resolve("sleeper.log"))
            .pidFile(pidFile)
            .start();
    started.add(process);
    return process;
  }

  private static void recordStarter(Path pidFile, DataPlaneProcess process, long starter)
      throws Exception {
    Files.writeString(pidFile, process.pid() + "\n" + starter + "\n");
  }

  private static long endedProcessId() throws Exception {
    Process ended = new ProcessBuilder(TestingProcesses.java(), "-version").start();
    ended.waitFor();
    return ended.pid();
  }
}
