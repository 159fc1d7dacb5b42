package io.airlock.cli.quickstart;

import static io.airlock.cli.quickstart.TestingProcesses.isAlive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.cli.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting the customer database again after the quickstart that ran it was killed, on real
 * embedded PostgreSQL servers run by separate JVM processes.
 */
class CustomerDatabaseRestartTest {
  private static final String SECRET = "restart-secret-Qw3";

  @TempDir Path folder;

  @Test
  void serverLeftByAKilledQuickstartIsStoppedAndStartedAgain() throws Exception {
    Path dir = folder.resolve("killed");
    Process owner = startOwner(dir);
    long leftover = serverPid(dir);
    TestingProcesses.kill(owner);
    assertThat(isAlive(leftover)).as("the server outlives its killed owner").isTrue();

    try (CustomerDatabase database = start(dir)) {
      assertThat(isAlive(leftover)).isFalse();
      assertThat(serverPid(dir)).isNotEqualTo(leftover);
      assertThat(count(database)).isEqualTo(2);
    }
  }

  @Test
  void serverOfALiveQuickstartIsLeftAloneAndItsProcessNamed() throws Exception {
    Path dir = folder.resolve("live");
    Process owner = startOwner(dir);
    try {
      long server = serverPid(dir);

      assertThatThrownBy(() -> start(dir))
          .isInstanceOf(CliException.class)
          .hasMessageContaining("in use by process " + owner.pid())
          .hasMessageContaining(dir.resolve("data").toString())
          .hasMessageContaining("Stop that one first");
      assertThat(isAlive(server)).isTrue();
    } finally {
      owner.destroy();
      owner.waitFor();
    }
  }

  @Test
  void stalePidFileNamingAnotherServerIsRemovedAndThatServerLeftAlone() throws Exception {
    Path dir = folder.resolve("stale");
    start(dir).close();
    try (CustomerDatabase other = start(folder.resolve("other"))) {
      long otherPid = serverPid(folder.resolve("other"));
      // As after a crash whose server's pid went to another process: here, another server.
      Files.copy(folder.resolve("other/data/postmaster.pid"), dir.resolve("data/postmaster.pid"));

      try (CustomerDatabase database = start(dir)) {
        assertThat(serverPid(dir)).isNotEqualTo(otherPid);
        assertThat(count(database)).isEqualTo(2);
      }
      assertThat(isAlive(otherPid)).isTrue();
    }
  }

  private Process startOwner(Path dir) throws Exception {
    return TestingProcesses.startAndAwaitReady(
        TestingProcesses.CustomerDatabaseOwner.class, folder.resolve("owner.log"), dir.toString());
  }

  /** The pid of the server over {@code dir}'s data folder, from its postmaster.pid. */
  private static long serverPid(Path dir) throws Exception {
    return Long.parseLong(
        Files.readAllLines(dir.resolve("data/postmaster.pid")).getFirst().strip());
  }

  private CustomerDatabase start(Path dir) {
    return CustomerDatabase.start(dir, SECRET, folder.resolve("pg.log"));
  }

  private static long count(CustomerDatabase database) throws SQLException {
    try (Connection connection = database.adminConnection("postgres");
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "select count(*) from pg_database where datname in ('demo_source', 'warehouse')")) {
      result.next();
      return result.getLong(1);
    }
  }
}
