package io.airlock.cli.quickstart;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that the processes the quickstart started outside its own JVM, the data plane and the
 * customer PostgreSQL, are still alive, and says which one stopped and where its log is.
 */
final class QuickstartWatch {
  private final DataPlaneProcess dataPlane;
  private final CustomerDatabase customer;
  private final Path customerLog;
  private boolean dataPlaneReported;
  private boolean customerReported;

  QuickstartWatch(DataPlaneProcess dataPlane, CustomerDatabase customer, Path customerLog) {
    this.dataPlane = requireNonNull(dataPlane, "dataPlane is null");
    this.customer = requireNonNull(customer, "customer is null");
    this.customerLog = requireNonNull(customerLog, "customerLog is null");
  }

  /** What has stopped since the last call, one sentence each; empty while everything runs. */
  synchronized List<String> newlyStopped() {
    List<String> stopped = new ArrayList<>();
    if (!dataPlaneReported && !dataPlane.isAlive()) {
      dataPlaneReported = true;
      stopped.add(
          "The data plane process (pid "
              + dataPlane.pid()
              + ") has stopped with exit code "
              + dataPlane.exitCode().map(String::valueOf).orElse("unknown")
              + "; syncs wait until a data plane runs. Its log: "
              + dataPlane.logFile());
    }
    if (!customerReported && !customer.isRunning()) {
      customerReported = true;
      stopped.add(
          "The customer PostgreSQL (data in "
              + customer.dataDir()
              + ") has stopped. Its log: "
              + customerLog);
    }
    return stopped;
  }
}
