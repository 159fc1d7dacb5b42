package io.airlock.cli.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the quickstart says about its processes before "Everything keeps running". */
class QuickstartWatchTest {
  @TempDir static Path folder;

  private static CustomerDatabase customer;
  private static Path customerLog;

  @BeforeAll
  static void startCustomerDatabase() {
    customerLog = folder.resolve("customer-postgres.log");
    customer = CustomerDatabase.start(folder.resolve("postgres"), "watch-secret", customerLog);
  }

  @AfterAll
  static void stopCustomerDatabase() {
    customer.close();
  }

  @Test
  void nothingIsReportedWhileEverythingRuns() {
    try (DataPlaneProcess dataPlane = sleepingDataPlane()) {
      assertThat(new QuickstartWatch(dataPlane, customer, customerLog).newlyStopped()).isEmpty();
    }
  }

  @Test
  void stoppedDataPlaneIsReportedOnceWithItsExitCodeAndLog() {
    // No class path: the JVM ends at once, as a data plane that failed does.
    Path log = folder.resolve("dataplane.log");
    try (DataPlaneProcess dataPlane =
        DataPlaneProcess.builder(URI.create("https://127.0.0.1:1"), "unused", folder.resolve("dp"))
            .classPath(folder.resolve("missing.jar").toString())
            .logFile(log)
            .start()) {
      dataPlane.handle().onExit().join();
      QuickstartWatch watch = new QuickstartWatch(dataPlane, customer, customerLog);

      assertThat(watch.newlyStopped())
          .singleElement()
          .asString()
          .contains("data plane process (pid " + dataPlane.pid() + ")")
          .contains("exit code 1")
          .contains(log.toString());
      assertThat(watch.newlyStopped()).isEmpty();
    }
  }

  @Test
  void stoppedCustomerDatabaseIsReportedWithItsLog() {
    Path dir = folder.resolve("stopped-postgres");
    CustomerDatabase stopped = CustomerDatabase.start(dir, "watch-secret", customerLog);
    stopped.close();
    try (DataPlaneProcess dataPlane = sleepingDataPlane()) {
      assertThat(new QuickstartWatch(dataPlane, stopped, customerLog).newlyStopped())
          .singleElement()
          .asString()
          .contains("customer PostgreSQL")
          .contains(dir.toString())
          .contains(customerLog.toString());
    }
  }

  private static DataPlaneProcess sleepingDataPlane() {
    return DataPlaneProcess.builder(
            URI.create("https://127.0.0.1:1"), "unused", folder.resolve("dp"))
        .jvmOption("-cp")
        .jvmOption(TestingProcesses.classPath())
        .jvmOption(TestingProcesses.Sleeper.class.getName())
        .logFile(folder.resolve("sleeper.log"))
        .start();
  }
}
