package io.airlock.controlplane.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL keeps its data, and recovers when a control plane was killed. */
class EmbeddedDatabaseTest {
  @TempDir Path dir;

  @Test
  void dataSurvivesAKilledControlPlaneAndItsOrphanedServerIsStopped() throws Exception {
    Path data = dir.resolve("postgres");
    Process killed = startInAnotherJvm(data, true);

    try (EmbeddedDatabase restarted = EmbeddedDatabase.start(data);
        var db = DriverManager.getConnection(restarted.jdbcUrl());
        var rows = db.createStatement().executeQuery("select id from kept")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(7);
      assertThat(setting(db, "fsync")).isEqualTo("on");
      assertThat(setting(db, "synchronous_commit")).isEqualTo("on");
    } finally {
      killed.destroyForcibly();
    }
  }

  @Test
  void aServerOwnedByALiveControlPlaneIsNotStopped() throws Exception {
    Path data = dir.resolve("postgres");
    Process owner = startInAnotherJvm(data, false);
    try {
      long server = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst());

      assertThatThrownBy(() -> EmbeddedDatabase.start(data))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "Control plane data folder "
                  + dir
                  + " is in use by process "
                  + owner.pid()
                  + "; stop it first");

      assertThat(ProcessHandle.of(server).map(ProcessHandle::isAlive)).contains(true);
    } finally {
      owner.destroyForcibly();
      owner.waitFor(30, TimeUnit.SECONDS);
    }
    try (EmbeddedDatabase restarted = EmbeddedDatabase.start(data)) {
      assertThat(restarted.jdbcUrl()).isNotBlank();
    }
  }

  @Test
  void aStalePidFileNamingAnUnrelatedProcessLeavesThatProcessAlone() throws Exception {
    Path data = dir.resolve("postgres");
    try (EmbeddedDatabase first = EmbeddedDatabase.start(data)) {
      assertThat(first.jdbcUrl()).isNotBlank();
    }
    Process unrelated = new ProcessBuilder("sleep", "600").start();
    try {
      Files.writeString(data.resolve("postmaster.pid"), unrelated.pid() + "\n" + data + "\n");

      try (EmbeddedDatabase restarted = EmbeddedDatabase.start(data)) {
        assertThat(restarted.jdbcUrl()).isNotBlank();
      }

      assertThat(unrelated.isAlive()).isTrue();
    } finally {
      unrelated.destroyForcibly();
    }
  }

  @Test
  void onlyAPostgresServerOverThisDataFolderCountsAsItsServer() throws Exception {
    Path data = dir.resolve("postgres");
    Process other = startInAnotherJvm(dir.resolve("other"), false);
    try {
      long server =
          Long.parseLong(
              Files.readAllLines(dir.resolve("other").resolve("postmaster.pid")).getFirst());
      ProcessHandle handle = ProcessHandle.of(server).orElseThrow();

      assertThat(EmbeddedDatabase.servesDataDirectory(handle, dir.resolve("other"))).isTrue();
      assertThat(EmbeddedDatabase.servesDataDirectory(handle, data)).isFalse();
      assertThat(EmbeddedDatabase.servesDataDirectory(ProcessHandle.current(), data)).isFalse();
    } finally {
      other.destroyForcibly();
      other.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static String setting(java.sql.Connection db, String name) throws Exception {
    try (var rows = db.createStatement().executeQuery("show " + name)) {
      rows.next();
      return rows.getString(1);
    }
  }

  /** Starts the database in a JVM that writes a row, then kills that JVM with SIGKILL if asked. */
  private static Process startInAnotherJvm(Path data, boolean kill) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                OrphanedDatabase.class.getName(),
                data.toString())
            .redirectErrorStream(true)
            .start();
    var output =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = output.readLine()) != null && !line.equals(OrphanedDatabase.READY)) {
      // Skip the child's log lines.
    }
    assertThat(line).as("the child JVM started its database").isEqualTo(OrphanedDatabase.READY);
    if (kill) {
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    return process;
  }

  /** The child JVM: starts the database, writes a row, and waits to be killed. */
  static final class OrphanedDatabase {
    static final String READY = "ORPHAN-READY";

    public static void main(String[] args) throws Exception {
      EmbeddedDatabase database = EmbeddedDatabase.start(Path.of(args[0]));
      try (var db = DriverManager.getConnection(database.jdbcUrl())) {
        db.createStatement().execute("create table kept (id int); insert into kept values (7)");
      }
      System.out.println(READY);
      System.out.flush();
      Thread.sleep(600_000);
    }
  }
}
