package io.airlock.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlock.dataplane.testing.ListeningSockets;
import io.airlock.dataplane.testing.Poll;
import io.airlock.dataplane.testing.TestingCa;
import io.airlock.dataplane.testing.TestingControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data plane started as its own JVM with {@link DataPlaneMain}, as the quickstart does. */
class DataPlaneProcessTest {
  @TempDir Path dir;

  @Test
  void aDataPlaneProcessEnrollsPollsAndListensOnNoSocket() throws Exception {
    try (TestingControlPlane controlPlane = TestingControlPlane.start(TestingCa.create("CA"))) {
      Path log = dir.resolve("dataplane.log");
      Process process =
          new ProcessBuilder(
                  List.of(
                      ProcessHandle.current().info().command().orElse("java"),
                      "-cp",
                      System.getProperty("java.class.path"),
                      DataPlaneMain.class.getName(),
                      "--control-plane",
                      controlPlane.uri().toString(),
                      "--token",
                      controlPlane.token(),
                      "--work-dir",
                      dir.resolve("work").toString()))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        assertThat(Poll.until(() -> controlPlane.leasePolls.get() >= 1, Duration.ofSeconds(60)))
            .as("the data plane enrolled and polls for leases; log: %s", log)
            .isTrue();

        assertThat(ListeningSockets.of(process.pid())).isEmpty();
        assertThat(controlPlane.enrollments).hasValue(1);
        assertThat(controlPlane.clientSubjects).contains("CN=" + controlPlane.dataPlaneId);
      } finally {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(Files.readString(log))
          .contains("Enrolled data plane " + controlPlane.dataPlaneId)
          .contains("Lease loop stopped")
          .doesNotContain(controlPlane.tokenSecret);
    }
  }
}
