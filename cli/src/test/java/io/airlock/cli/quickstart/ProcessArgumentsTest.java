package io.airlock.cli.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.controlplane.database.ProcessArguments;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessArgumentsTest {
  @TempDir Path folder;

  @Test
  void aCommandLineLongerThanAPageIsReadWhole() throws Exception {
    String classPath = ("/opt/airlock/lib/some-library-1.2.3.jar:").repeat(400) + "end.jar";
    Process process =
        TestingProcesses.startAndAwaitReady(
            TestingProcesses.Sleeper.class,
            folder.resolve("sleeper.log"),
            "-cp",
            classPath,
            DataPlaneProcess.MAIN_CLASS,
            "--work-dir",
            "/tmp/work");
    try {
      assertThat(ProcessArguments.of(process.toHandle()))
          .hasValueSatisfying(
              arguments ->
                  assertThat(arguments)
                      .containsSubsequence(
                          TestingProcesses.Sleeper.class.getName(),
                          "-cp",
                          classPath,
                          DataPlaneProcess.MAIN_CLASS,
                          "--work-dir",
                          "/tmp/work"));
    } finally {
      process.destroy();
      process.waitFor();
    }
  }
}
