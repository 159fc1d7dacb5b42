package io.airlock.cli.quickstart;

import io.airlock.cli.AirlockHome;
import java.nio.file.Path;

/** Where the quickstart keeps its files under {@code $AIRLOCK_HOME}. */
record QuickstartPaths(AirlockHome home) {
  Path hashKey() {
    return home.quickstartDir().resolve("hash-key");
  }

  Path postgresSecret() {
    return home.quickstartDir().resolve("postgres-password");
  }

  Path customerPostgres() {
    return home.quickstartDir().resolve("postgres");
  }

  Path customerLog() {
    return home.logsDir().resolve("customer-postgres.log");
  }

  Path dataPlaneWorkDir() {
    return home.dataPlaneDir("quickstart");
  }

  /** The id of the quickstart's data-plane process while it runs. */
  Path dataPlanePid() {
    return home.quickstartDir().resolve("dataplane.pid");
  }

  Path dataPlaneLog() {
    return home.logsDir().resolve("dataplane.log");
  }
}
